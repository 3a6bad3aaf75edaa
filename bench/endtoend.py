"""Benchmark: Telegram end to end, Front Desk against the python-telegram-bot peer, replies at the Bot API.

    .venv/bin/python bench/endtoend.py [--database-url postgresql+psycopg://…] [--answer-processes 2]
                                       [--citizens 200] [--rounds 3] [--seconds 8] [--only frontdesk|peer]
                                       [--before DIR]

This process is the Bot API stand-in and the citizens. Each citizen writes the same menu conversation
(a greeting, then "1" information, "2" opening hours, "MENU", "3" appointment, "MENU", and again) to a
webhook, two messages at a time, and waits for both replies before writing on; a reply counts when its
``sendMessage`` reaches the stand-in. Each reply must answer its own message, in the order written (checked
by its first words): a reply out of order stops the bench. Front Desk (bench/webhook_server.py, the real
product with its scheduler and sender) and the peer (bench/ptb_peer.py) run side by side and are timed in
alternating rounds. Telegram's limits (30 messages a second per bot, one a second per chat) are lifted on
both sides: the stand-in is not Telegram, and the peer does not pace. With ``--before DIR`` an older source
tree of Front Desk (``git archive <commit> | tar -x -C DIR``, its catalogs compiled) is timed in the same
rounds, on a database of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import ClientSession, ClientTimeout, TCPConnector, web

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import ptb_peer
from bench.scratch import scratch_database, start, stop
from bench.webhook_server import TELEGRAM_SECRET
from bench.webhooks import free_port, wait_ready

ROOT = Path(__file__).resolve().parent.parent

# A first message gets two replies (the greeting with the privacy line, then the menu).
GREETING = ("Hello", ("I will write to you in English", "How can we help?"))
# What a citizen writes, with the first words of the answers each message must get.
CONVERSATION = [
    ("1", ("What would you like to know?",)),
    ("2", ("Opening hours",)),
    ("MENU", ("How can we help?",)),
    ("3", ("Who would you like an appointment with?",)),
    ("MENU", ("How can we help?",)),
]
TIMEOUT_SECONDS = 120


@dataclass
class BotApi:
    """The Bot API stand-in: counts every sendMessage and hands it to the citizen waiting for it."""

    replies: dict[int, asyncio.Queue[str]] = field(default_factory=lambda: defaultdict(asyncio.Queue))
    arrivals: list[float] = field(default_factory=list)
    message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def handle(self, request: web.Request) -> web.Response:
        """getMe, sendMessage and whatever else a bot calls (answered ``true``)."""
        method = request.match_info["method"]
        token = request.match_info["token"]
        if method == "getMe":
            bot_id = int(token.split(":")[0])
            return _ok(
                {"id": bot_id, "is_bot": True, "first_name": "Bench", "username": f"bench{bot_id}_bot"}
            )
        if method == "getUpdates":
            await asyncio.sleep(1)
            return _ok([])
        if method != "sendMessage":
            return _ok(True)
        body = await request.text()
        params: dict[str, Any] = (
            json.loads(body) if request.content_type == "application/json" else dict(parse_qsl(body))
        )
        chat, text = int(params["chat_id"]), str(params["text"])
        self.arrivals.append(time.monotonic())
        self.replies[chat].put_nowait(text)
        message_id = next(self.message_ids)
        chat_object = {"id": chat, "type": "private"}
        return _ok({"message_id": message_id, "date": int(time.time()), "chat": chat_object, "text": text})


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


@dataclass
class Target:
    """A bot under test: its webhook and the chat ids of its citizens."""

    name: str
    url: str
    secret: str
    first_chat: int
    process: subprocess.Popen[bytes] | None = None
    greeted: set[int] = field(default_factory=set)
    steps: dict[int, int] = field(default_factory=dict)


class OutOfOrder(RuntimeError):
    """A reply that does not answer the message it should."""


async def citizen(
    api: BotApi,
    http: ClientSession,
    target: Target,
    chat: int,
    until: float,
    burst: int,
    ids: itertools.count[int],
) -> None:
    """Write the conversation, ``burst`` messages at a time, each time waiting for their replies."""
    while time.monotonic() < until:
        if chat not in target.greeted:
            messages = [GREETING]
            target.greeted.add(chat)
        else:
            start = target.steps.get(chat, 0)
            messages = [CONVERSATION[(start + offset) % len(CONVERSATION)] for offset in range(burst)]
            target.steps[chat] = start + burst
        for text, _expected in messages:
            number = next(ids)
            update = {
                "update_id": number,
                "message": {
                    "message_id": number, "date": int(time.time()), "text": text,
                    "chat": {"id": chat, "type": "private"},
                    "from": {"id": chat, "is_bot": False, "first_name": "C", "language_code": "en"},
                },
            }  # fmt: skip
            headers = {"X-Telegram-Bot-Api-Secret-Token": target.secret}
            async with http.post(target.url, json=update, headers=headers) as response:
                if response.status != 200:
                    raise RuntimeError(f"{target.name} answered {response.status}")
        for text, answers in messages:
            for expected in answers:
                try:
                    reply = await asyncio.wait_for(api.replies[chat].get(), TIMEOUT_SECONDS)
                except TimeoutError:
                    raise RuntimeError(
                        f"{target.name}: no answer to {text!r} in {TIMEOUT_SECONDS} s"
                    ) from None
                if not reply.startswith(expected):
                    raise OutOfOrder(f"{target.name}: {text!r} got {reply[:40]!r}, expected {expected!r}")


def cpu_seconds(pid: int) -> float:
    """CPU time used by a process and its children still running (the answering processes)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


async def run_round(
    api: BotApi, http: ClientSession, target: Target, citizens: int, seconds: float, burst: int
) -> tuple[float, float]:
    """Replies per second reaching the stand-in during the round, and the bot's CPU milliseconds per reply."""
    ids = itertools.count(int(time.time() * 1000) % 10**9 * 1000)
    started = time.monotonic()
    until = started + seconds
    before = len(api.arrivals)
    pid = target.process.pid if target.process is not None else 0
    cpu_before = cpu_seconds(pid)
    await asyncio.gather(
        *(citizen(api, http, target, target.first_chat + n, until, burst, ids) for n in range(citizens))
    )
    cpu = cpu_seconds(pid) - cpu_before
    replies = len(api.arrivals) - before
    window = [at for at in api.arrivals[before:] if at <= until]
    return len(window) / seconds, 1000 * cpu / max(replies, 1)


def start_frontdesk(
    arguments: argparse.Namespace, folder: Path, database_url: str, api_url: str, port: int, root: Path
) -> subprocess.Popen[bytes]:
    """Front Desk (the source tree at ``root``) with its scheduler and sender, pacing lifted."""
    command = [
        sys.executable, str(Path(__file__).resolve().parent / "webhook_server.py"), "--port", str(port),
        "--database-url", database_url, "--answer-processes", str(arguments.answer_processes),
        "--telegram-api-url", api_url, "--send", "--spool-dir", str(folder / "spool"),
    ]  # fmt: skip
    environment = {**os.environ, "PYTHONPATH": str(root), "BENCH_PRODUCT_ROOT": str(root)}
    # Run from the tree itself: its answering processes (python -m frontdesk.cli) import from there.
    return start(command, env=environment, cwd=root)


def start_peer(folder: Path, api_url: str, port: int) -> subprocess.Popen[bytes]:
    """The python-telegram-bot peer."""
    command = [
        sys.executable, str(Path(__file__).parent / "ptb_peer.py"), "--port", str(port), "--api-url", api_url,
        "--state", str(folder / "peer.pickle"),
    ]  # fmt: skip
    return start(command)


async def main_async(arguments: argparse.Namespace) -> None:
    """Start everything, run the rounds, print the table."""
    folder = Path(tempfile.mkdtemp(prefix="frontdesk-endtoend-"))
    try:
        with (
            scratch_database(arguments.database_url, folder) as database_url,
            scratch_database(arguments.database_url, folder / "before") as before_database_url,
        ):
            await measure(arguments, folder, database_url, before_database_url)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


async def measure(
    arguments: argparse.Namespace, folder: Path, database_url: str, before_database_url: str
) -> None:
    """Start both bots and the Bot API stand-in, run the rounds, print the table."""
    api = BotApi()
    app = web.Application()
    app.router.add_route("*", "/bot{token}/{method}", api.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    api_port = free_port()
    await web.TCPSite(runner, "127.0.0.1", api_port).start()
    api_url = f"http://127.0.0.1:{api_port}"
    targets: list[Target] = []
    try:
        if arguments.only in (None, "frontdesk"):
            port = free_port()
            target = Target(
                "frontdesk", f"http://127.0.0.1:{port}/webhooks/telegram/thira", TELEGRAM_SECRET, 10_000_000
            )
            target.process = start_frontdesk(arguments, folder, database_url, api_url, port, ROOT)
            await asyncio.to_thread(wait_ready, port)
            targets.append(target)
        if arguments.before is not None:
            port = free_port()
            target = Target(
                "before", f"http://127.0.0.1:{port}/webhooks/telegram/thira", TELEGRAM_SECRET, 30_000_000
            )
            before_folder = folder / "before"
            before_folder.mkdir(exist_ok=True)
            target.process = start_frontdesk(
                arguments, before_folder, before_database_url, api_url, port, arguments.before.resolve()
            )
            await asyncio.to_thread(wait_ready, port)
            targets.append(target)
        if arguments.only in (None, "peer"):
            port = free_port()
            target = Target("ptb-peer", f"http://127.0.0.1:{port}/telegram", ptb_peer.SECRET, 20_000_000)
            target.process = start_peer(folder, api_url, port)
            await asyncio.to_thread(wait_ready, port)
            targets.append(target)
        engine = "PostgreSQL" if (arguments.database_url or "").startswith("postgres") else "SQLite"
        print(
            f"Front Desk on {engine}, {arguments.answer_processes} answering processes; {arguments.citizens} citizens"
            f" each writing {arguments.burst} messages at a time; {arguments.seconds} s rounds; {os.cpu_count()} cores"
        )
        connector = TCPConnector(limit=0)
        async with ClientSession(connector=connector, timeout=ClientTimeout(total=TIMEOUT_SECONDS)) as http:
            results: dict[str, list[float]] = defaultdict(list)
            for target in targets:  # a first contact each (greeting, language, models) outside the rounds
                await run_round(api, http, target, arguments.citizens, 0.1, arguments.burst)
            for number in range(1, arguments.rounds + 1):
                for target in targets:
                    rate, cpu = await run_round(
                        api, http, target, arguments.citizens, arguments.seconds, arguments.burst
                    )
                    results[target.name].append(rate)
                    print(
                        f"round {number} {target.name:9}: {rate:6.1f} replies/s ({cpu:4.1f} ms of its CPU per reply)"
                    )
        for name, rates in results.items():
            print(f"{name:9}: best {max(rates):6.1f}, median {statistics.median(rates):6.1f} replies/s")
        ours, peer, before = results.get("frontdesk"), results.get("ptb-peer"), results.get("before")
        if ours and peer:
            print(f"Front Desk median / peer best: {statistics.median(ours) / max(peer):.2f}")
        if ours and before:
            print(
                f"Front Desk median / before median: {statistics.median(ours) / statistics.median(before):.2f}"
            )
        print("every reply answered its own message, in the order written")
    finally:
        for target in targets:
            if target.process is not None:
                stop(target.process)
        await runner.cleanup()


def main() -> None:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--answer-processes", type=int, default=0)
    parser.add_argument("--citizens", type=int, default=200)
    parser.add_argument("--burst", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--only", choices=["frontdesk", "peer"])
    parser.add_argument(
        "--before",
        type=Path,
        help="also time this source tree of Front Desk (git archive of an older commit)",
    )
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
