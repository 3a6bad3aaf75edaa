"""The database goes away, again and again, while citizens write: nothing lost, nothing twice, order kept.

PostgreSQL: a throwaway server this test starts with initdb/pg_ctl on its own port (never the shared one)
and stops with ``-m immediate`` in windows. SQLite: another process holds an exclusive lock in windows.
Sizes are small for CI; ``FRONTDESK_FAULT_MESSAGES=2000`` runs the large version.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bot.jobs import JobContext
from bot.jobs.inbound import inbound_job
from bot.jobs.spool import spool_job
from frontdesk.clock import FixedClock
from storage.enums import InboundStatus
from storage.models import InboundMessage, OutboxMessage
from tests.channel_env import Deployment, deployment
from tests.test_channel_sms import sms

# Slow (a database going away for seconds at a time): scheduled first, see tests/conftest.py.
pytestmark = pytest.mark.slow

MESSAGES = int(os.environ.get("FRONTDESK_FAULT_MESSAGES", "240"))
CITIZENS = 12
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ThrowawayPostgres:
    """A PostgreSQL server of our own in a temporary folder, which the test may stop and start at will."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="frontdesk-pg-"))
        self.port = _free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        # initdb and postgres refuse to run as root: act as the postgres user then.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *args], check=True, capture_output=True)

    def init(self) -> None:
        """Create the cluster."""
        if os.geteuid() == 0:
            shutil.chown(self.folder, user="postgres")
        self._run(
            str(self.bin_dir / "initdb"), "-D", str(self.folder / "data"), "-A", "trust", "-U", "postgres"
        )

    def start(self) -> None:
        """Start the server and wait until it answers."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), "-o", options,
                  "-l", str(self.folder / "log"), "-w", "start")  # fmt: skip

    def stop(self) -> None:
        """Stop at once, as a crash or a failover would: connections are cut."""
        self._run(
            str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop"
        )

    def remove(self) -> None:
        """Stop if running and delete the folder."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def throwaway_postgres() -> Iterator[ThrowawayPostgres]:
    """A private PostgreSQL server for this test."""
    if PG_BIN is None or shutil.which("runuser") is None:
        pytest.skip("PostgreSQL server binaries are not installed")
    server = ThrowawayPostgres(PG_BIN)
    server.init()
    server.start()
    try:
        yield server
    finally:
        server.remove()


@contextlib.asynccontextmanager
async def draining(env: Deployment) -> AsyncIterator[list[int]]:
    """The spool job every 100 ms, as the scheduler would run it; yields the counts it moved."""
    context = JobContext(env.runtime, env.service.clients, env.service.context.sender)
    moved: list[int] = []

    async def loop() -> None:
        while True:
            with contextlib.suppress(Exception):
                summary = await spool_job(context)
                moved.append(int(summary.split()[0].removeprefix("stored=")))
            await asyncio.sleep(0.1)

    task = asyncio.create_task(loop())
    try:
        yield moved
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def write_all(env: Deployment, label: str) -> list[int]:
    """Every citizen writes in turn (each one's messages in sequence, the citizens at once); the statuses."""

    async def citizen(number: int) -> list[int]:
        statuses = []
        for index in range(number, MESSAGES, CITIZENS):
            form = sms(f"SM{label}{index:06d}", f"{index}", sender=f"+3069000{number:05d}")
            # Not waiting for the answers: messages keep arriving while the database is away.
            statuses.append((await env.post_sms(form, drain=False)).status_code)
        return statuses

    results = await asyncio.gather(*(citizen(number) for number in range(CITIZENS)))
    return [status for statuses in results for status in statuses]


async def settle(env: Deployment) -> None:
    """Drain the spool and answer what an outage left waiting (the jobs would, within minutes)."""
    await env.service.workers.drain()
    context = JobContext(env.runtime, env.service.clients, env.service.context.sender)
    for _ in range(50):
        if "stored=0 " in await spool_job(context) and not list(
            env.runtime.settings.spool_dir.glob("*.json")
        ):
            break
    real_clock = env.runtime.clock
    env.runtime.clock = FixedClock(real_clock.now() + timedelta(minutes=5))
    await inbound_job(context)
    env.runtime.clock = real_clock


async def check(env: Deployment, label: str) -> None:
    """Each message stored once and answered; each citizen's replies in the order they wrote."""
    async with env.runtime.sessions() as session:
        rows = (await session.execute(sa.select(InboundMessage).order_by(InboundMessage.id))).scalars().all()
        replies = (await session.execute(sa.select(OutboxMessage).order_by(OutboxMessage.id))).scalars().all()
    ours = [row for row in rows if row.provider_id.startswith(f"SM{label}")]
    assert sorted(row.provider_id for row in ours) == [f"SM{label}{index:06d}" for index in range(MESSAGES)]
    assert {row.status for row in ours} == {InboundStatus.PROCESSED}
    for number in range(CITIZENS):
        address = f"+3069000{number:05d}"
        written = [row.provider_id for row in ours if row.address == address]
        assert written == sorted(written), f"citizen {number}: stored out of order"
        answered = [reply.inbound_id for reply in replies if reply.to_address == address]
        assert answered == sorted(answered), f"citizen {number}: answered out of order"
        assert set(answered) == {row.id for row in ours if row.address == address}


async def test_postgres_stopping_in_windows_loses_nothing(
    throwaway_postgres: ThrowawayPostgres, tmp_path: Path
) -> None:
    async with (
        deployment(throwaway_postgres.url, spool_dir=tmp_path / "spool") as env,
        draining(env) as moved,
    ):

        async def outages() -> None:
            # The server is down as the citizens start writing (acceptance is fast enough that all of them may
            # be stored before a later outage), then comes back and stops twice more.
            for round_number in range(3):
                if round_number:
                    await asyncio.sleep(0.6)
                    await asyncio.to_thread(throwaway_postgres.stop)
                await asyncio.sleep(0.4)
                await asyncio.to_thread(throwaway_postgres.start)

        await asyncio.to_thread(throwaway_postgres.stop)
        statuses, _ = await asyncio.gather(write_all(env, "pg"), outages())
        assert set(statuses) == {200}
        await settle(env)
        await check(env, "pg")
    assert sum(moved) > 0  # the outages were real: some messages could only be spooled
    print(f"PostgreSQL stopped 3 times: {MESSAGES} messages, {sum(moved)} through the spool, 0 lost")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_sqlite_locked_in_windows_loses_nothing(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert database_url.startswith("sqlite"), database_url  # sqlite3 below opens the file itself
    monkeypatch.setattr("storage.db.SQLITE_BUSY_TIMEOUT_MS", 50)
    stop, locked = threading.Event(), threading.Event()

    def lock_in_windows() -> None:
        holder = sqlite3.connect(make_url(database_url).database or "", isolation_level=None, timeout=10)
        # Locked first: acceptance is fast enough that every message may be stored before a later window.
        while True:
            holder.execute("BEGIN EXCLUSIVE")
            locked.set()
            time.sleep(0.2)
            holder.execute("ROLLBACK")
            if stop.wait(0.3):
                break
        holder.close()

    async with deployment(database_url, spool_dir=tmp_path / "spool") as env, draining(env) as moved:
        locker = threading.Thread(target=lock_in_windows)
        locker.start()
        await asyncio.to_thread(locked.wait, 10)
        try:
            statuses = await write_all(env, "lite")
        finally:
            stop.set()
            locker.join()
        assert set(statuses) == {200}
        await settle(env)
        await check(env, "lite")
    assert sum(moved) > 0
    print(f"SQLite locked in windows: {MESSAGES} messages, {sum(moved)} through the spool, 0 lost")
