"""Benchmark: webhook acceptance against a bare endpoint in the same server (wrk, interleaved rounds).

    .venv/bin/python bench/webhooks.py [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench]
                                      [--rounds 3] [--seconds 8] [--connections 16] [--answer-processes 1]

Needs ``wrk`` (Debian package ``wrk``). Starts bench/webhook_server.py, then times, in alternating rounds,
the signed Twilio SMS webhook (each request a new MessageSid from one of 500 citizens) against a bare
endpoint that returns the same TwiML, and the Telegram webhook against its bare twin. Prints requests per
second and latency per round and the ratio product/bare, and the latency at a steady 200 requests per
second: first on a server with nothing waiting (after an unmeasured warm-up), last behind the backlog the
saturating rounds left. Every run of the product sends messages never sent before (no redeliveries).
Ratios, not absolute figures, are what compare across machines.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from twilio.request_validator import RequestValidator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scratch import scratch_database, start, stop
from bench.webhook_server import AUTH_TOKEN, TELEGRAM_SECRET, THIRA_NUMBER

THREADS = 2
PER_THREAD = 20_000  # distinct messages one wrk thread may send in one run (about 1 250 a second for 16 s)
WARM_UP_SECONDS = 5  # for the answer workers to load the understanding models in their thread
RUNS = itertools.count()  # every run of the product sends messages never sent before (no redeliveries)
SMS_LUA = """
local bodies = {{}}
for line in io.lines("{bodies}") do
  local body, signature = line:match("([^\t]*)\t([^\t]*)")
  bodies[#bodies + 1] = {{body, signature}}
end
local counter = 0
local threads_set_up = 0
offset = 0
function setup(thread)
  thread:set("offset", {start} + {per_thread} * threads_set_up)
  threads_set_up = threads_set_up + 1
end
function request()
  counter = counter + 1
  local item = bodies[(offset + counter) % #bodies + 1]
  return wrk.format("POST", "{path}", {{["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Twilio-Signature"] = item[2]}}, item[1])
end
{delay}
"""
TELEGRAM_LUA = """
local counter = 0
local threads_set_up = 0
base = 0
function setup(thread)
  threads_set_up = threads_set_up + 1
  thread:set("base", {start} + threads_set_up * 100000000)
end
function request()
  counter = counter + 1
  local id = base + counter
  local chat = 7000000 + (id % 500)
  local body = '{{"update_id":' .. id .. ',"message":{{"message_id":' .. id .. ',"date":1764000000,' ..
    '"chat":{{"id":' .. chat .. ',"type":"private"}},"from":{{"id":' .. chat .. ',"is_bot":false,' ..
    '"first_name":"A"}},"text":"Hello"}}}}'
  return wrk.format("POST", "{path}", {{["Content-Type"] = "application/json",
    ["X-Telegram-Bot-Api-Secret-Token"] = "{secret}"}}, body)
end
{delay}
"""


# A constant rate: each wrk thread sends on a schedule of its own (LuaJIT's FFI reads the clock), whatever
# the latency, as long as one of its connections is free; wrk reports the rate it reached.
STEADY_LUA = """
local ffi = require("ffi")
ffi.cdef[[ typedef struct {{ long tv_sec; long tv_usec; }} bench_timeval;
           int gettimeofday(bench_timeval *tv, void *tz); ]]
local clock = ffi.new("bench_timeval")
local function now_ms()
  ffi.C.gettimeofday(clock, nil)
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_usec) / 1000
end
local due = nil
function delay()
  local now = now_ms()
  if due == nil then due = now end
  due = due + {interval}
  if due <= now then return 0 end
  return math.floor(due - now)
end
"""


def free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def sms_bodies(port: int, count: int, folder: Path) -> Path:
    """A file of ``count`` signed Twilio forms with fresh MessageSids, one ``body<TAB>signature`` a line."""
    validator = RequestValidator(AUTH_TOKEN)
    url = f"http://127.0.0.1:{port}/webhooks/twilio/sms"
    lines = []
    for number in range(count):
        params = {
            "MessageSid": f"SMbench{number:012d}", "AccountSid": "AC" + "0" * 32,
            "From": f"+3069{number % 500:08d}", "To": THIRA_NUMBER, "Body": "Καλημέρα", "NumMedia": "0",
        }  # fmt: skip
        body = urllib.parse.urlencode(params)
        lines.append(f"{body}\t{validator.compute_signature(url, params)}")
    path = folder / "sms_bodies.txt"
    path.write_text("\n".join(lines))
    return path


def script(folder: Path, name: str, text: str) -> Path:
    """Write one wrk script."""
    path = folder / name
    path.write_text(text)
    return path


def run_wrk(url: str, lua: Path, seconds: int, connections: int) -> tuple[float, float, float]:
    """Requests per second, p50 and p99 latency in ms."""
    output = subprocess.run(
        ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(lua), url],
        capture_output=True, text=True, check=True, cwd=lua.parent,
    ).stdout  # fmt: skip
    if "Non-2xx" in output:
        raise SystemExit(f"answers other than 2xx: the bench is broken\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    return rate, _percentile(output, "50%"), _percentile(output, "99%")


def _percentile(output: str, label: str) -> float:
    match = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", output)
    if match is None:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def wait_ready(port: int) -> None:
    """Block until the server answers /healthz."""
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def fresh_start() -> int:
    """Where the next run of the product starts numbering its messages."""
    return next(RUNS) * PER_THREAD * THREADS


def steady_round(
    folder: Path,
    base: str,
    arguments: argparse.Namespace,
    name: str,
    entry: tuple[str, dict[str, object], str, str],
    *,
    seconds: int | None = None,
) -> str:
    """Latency at a steady rate, with the bare endpoint at the same rate: what the machine itself adds to p99."""
    lua, values, path, bare_path = entry
    steady = STEADY_LUA.format(interval=1000 * THREADS / arguments.steady_rate)
    product = script(
        folder, f"{name}_steady.lua", lua.format(**values, path=path, delay=steady, start=fresh_start())
    )
    bare = script(
        folder, f"bare_{name}_steady.lua", lua.format(**values, path=bare_path, delay=steady, start=0)
    )
    rate, p50, p99 = run_wrk(base, product, seconds or arguments.seconds, arguments.connections)
    bare_rate, _bare_p50, bare_p99 = run_wrk(base, bare, seconds or arguments.seconds, arguments.connections)
    return (
        f"at a steady {rate:.0f} req/s: p50 {p50:.1f} ms, p99 {p99:.1f} ms "
        f"(bare at {bare_rate:.0f} req/s: p99 {bare_p99:.1f} ms)"
    )


def main() -> None:
    """Run the rounds and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--answer-processes", type=int, default=0, help="answer in this many other processes")
    parser.add_argument(
        "--steady-rate", type=int, default=200, help="requests per second of the steady round"
    )
    arguments = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    folder = Path(tempfile.mkdtemp(prefix="frontdesk-bench-"))
    try:
        with scratch_database(arguments.database_url, folder) as database_url:
            measure(arguments, folder, database_url)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(arguments: argparse.Namespace, folder: Path, database_url: str) -> None:
    """Serve the product and its bare twins, time them in alternating rounds, print the table."""
    port = free_port()
    server = start(
        [sys.executable, str(Path(__file__).parent / "webhook_server.py"), "--port", str(port),
         "--database-url", database_url, "--answer-processes", str(arguments.answer_processes),
         "--spool-dir", str(folder / "spool")],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )  # fmt: skip
    try:
        wait_ready(port)
        base = f"http://127.0.0.1:{port}"
        runs = 2 * (arguments.rounds + 3)  # of the product, both channels
        bodies = sms_bodies(port, runs * PER_THREAD * THREADS, folder)
        sms = {"bodies": bodies, "per_thread": PER_THREAD}
        telegram = {"secret": TELEGRAM_SECRET}
        paths = {
            "sms": (SMS_LUA, sms, "/webhooks/twilio/sms", "/bench/bare-sms"),
            "telegram": (TELEGRAM_LUA, telegram, "/webhooks/telegram/thira", "/bench/bare-telegram"),
        }
        engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
        print(
            f"engine {engine}, wrk -t{THREADS} -c{arguments.connections} -d{arguments.seconds}s, "
            f"{arguments.answer_processes} answering processes, {os.cpu_count()} cores"
        )
        # Steady rounds first, on a server with nothing waiting: the saturating rounds leave tens of thousands
        # of messages to answer, and a steady rate measured behind that backlog is another question (the
        # last line answers it).
        for name, entry in paths.items():
            steady_round(
                folder, base, arguments, name, entry, seconds=2
            )  # warm-up: the models load, unmeasured
        time.sleep(WARM_UP_SECONDS)
        steady_lines = {
            name: steady_round(folder, base, arguments, name, entry) for name, entry in paths.items()
        }
        for name, (lua, values, path, bare_path) in paths.items():
            bare = script(folder, f"bare_{name}.lua", lua.format(**values, path=bare_path, delay="", start=0))
            ratios = []
            for round_number in range(1, arguments.rounds + 1):
                product = script(
                    folder, f"{name}.lua", lua.format(**values, path=path, delay="", start=fresh_start())
                )
                bare_rate, bare_p50, bare_p99 = run_wrk(base, bare, arguments.seconds, arguments.connections)
                rate, p50, p99 = run_wrk(base, product, arguments.seconds, arguments.connections)
                ratios.append(rate / bare_rate)
                print(
                    f"{name:8} round {round_number}: bare {bare_rate:7.0f} req/s (p50 {bare_p50:6.1f} ms, p99 "
                    f"{bare_p99:6.1f} ms) | webhook {rate:7.0f} req/s (p50 {p50:6.1f} ms, p99 {p99:6.1f} ms)"
                    f" | ratio {rate / bare_rate:.2f}"
                )
            print(f"{name:8} median ratio {statistics.median(ratios):.2f}; {steady_lines[name]}")
        backlog = steady_round(folder, base, arguments, "sms", paths["sms"])
        print(f"sms      behind the backlog the saturating rounds left: {backlog}")
    finally:
        stop(server)


if __name__ == "__main__":
    import urllib.parse

    main()
