"""Benchmark: memory of a running server, after start and after 10 000 conversations.

    .venv/bin/python bench/footprint.py [--conversations 10000] [--database-url postgresql+psycopg://…]

Starts bench/webhook_server.py (the product with its stand-ins), reads its resident memory (VmRSS) once
ready, sends the first message of N new citizens through the signed SMS webhook, waits until every one is
answered, and reads it again. A bare uvicorn process serving one static route is measured beside it as
the floor: the figures that compare across machines are the differences.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import httpx
from twilio.request_validator import RequestValidator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scratch import start, stop
from bench.webhook_server import AUTH_TOKEN, THIRA_NUMBER
from bench.webhooks import free_port, wait_ready

BARE_APP = textwrap.dedent(
    """
    import uvicorn
    from fastapi import FastAPI
    app = FastAPI()
    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}
    uvicorn.run(app, host="127.0.0.1", port=int(__import__("sys").argv[1]), log_level="warning")
    """
)


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """Resident memory of a process in MB (``RssFile``: the part that is pages of files, shared and evictable)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field}")


# First messages as citizens write them, in the twelve languages and Greeklish: each is read by the language
# model, the crisis lexicon and the classifiers, as real traffic is (one repeated greeting would touch little).
FIRST_MESSAGES = (
    "Καλημέρα", "Τι ώρες είστε ανοιχτά;", "Θέλω να κλείσω ραντεβού με την κοινωνική λειτουργό",
    "kalimera thelw voithia gia to epidoma", "Hello", "When are you open?", "I need food for my family",
    "Bonjour, j'ai besoin d'aide pour un logement", "Здравствуйте, мне нужна помощь с документами",
    "Добрий день, де ви знаходитесь?", "Përshëndetje, kam nevojë për ndihmë", "مرحبا، أحتاج إلى مساعدة",
    "سلام، به کمک نیاز دارم", "السلام علیکم، مجھے مدد چاہیے", "سلام، زه مرستې ته اړتیا لرم",
    "Silav, ez alîkariyê dixwazim", "Salaan, waxaan u baahanahay caawimaad", "Can I talk to a person?",
    "Πού βρίσκεται το κέντρο;", "my landlord wants to throw us out tomorrow",
)  # fmt: skip


async def converse(port: int, count: int) -> None:
    """The first message of ``count`` citizens, 16 at a time."""
    validator = RequestValidator(AUTH_TOKEN)
    url = f"http://127.0.0.1:{port}/webhooks/twilio/sms"
    numbers = iter(range(count))
    async with httpx.AsyncClient(timeout=30) as client:

        async def writer() -> None:
            for number in numbers:
                body = FIRST_MESSAGES[number % len(FIRST_MESSAGES)]
                form = {"MessageSid": f"SMfoot{number:08d}", "From": f"+3069{number:08d}", "To": THIRA_NUMBER,
                        "Body": body, "NumMedia": "0"}  # fmt: skip
                signature = validator.compute_signature(url, form)
                response = await client.post(url, data=form, headers={"X-Twilio-Signature": signature})
                response.raise_for_status()

        await asyncio.gather(*(writer() for _ in range(16)))


def answered(database: Path) -> int:
    """How many stored messages have been answered (SQLite)."""
    with sqlite3.connect(database) as connection:
        query = "SELECT count(*) FROM inbound_messages WHERE status != 'received'"
        return int(connection.execute(query).fetchone()[0])


def main() -> None:
    """Start both servers, measure, print."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=10_000)
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="frontdesk-footprint-"))
    database = folder / "footprint.db"
    port, bare_port = free_port(), free_port()
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    server = start(
        [sys.executable, str(Path(__file__).parent / "webhook_server.py"), "--port", str(port),
         "--database-url", f"sqlite:///{database}", "--spool-dir", str(folder / "spool")], env=environment,
    )  # fmt: skip
    bare = start([sys.executable, "-c", BARE_APP, str(bare_port)])
    try:
        started = time.perf_counter()
        wait_ready(port)
        ready = time.perf_counter() - started
        wait_ready(bare_port)
        after_start, floor = rss_mb(server.pid), rss_mb(bare.pid)
        asyncio.run(converse(port, arguments.conversations))
        while answered(database) < arguments.conversations:
            time.sleep(0.5)
        after, in_files = rss_mb(server.pid), rss_mb(server.pid, "RssFile")
        print(f"bare uvicorn + FastAPI: {floor:.0f} MB")
        print(f"Front Desk after start: {after_start:.0f} MB (ready in {ready:.1f} s)")
        print(
            f"Front Desk after {arguments.conversations} conversations: {after:.0f} MB ({in_files:.0f} MB of files)"
        )
    finally:
        for process in (server, bare):
            stop(process)


if __name__ == "__main__":
    main()
