"""``kill -9`` a running server again and again while a citizen population writes: no acknowledged message lost.

Each round starts ``frontdesk serve`` (real uvicorn, real scheduler, Twilio through the stand-in), sends
signed SMS from several citizens at once, and kills the server at a random moment. Whatever got a 200 must
be stored exactly once and, after a restart and the ``inbound`` job, answered. CI runs 4 rounds;
``FRONTDESK_KILL_ROUNDS=20`` runs the large version.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import socket
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from twilio.request_validator import RequestValidator

from storage.db import create_sync_engine
from tests.channel_env import ACCOUNT_SID, AUTH_TOKEN, THIRA_NUMBER
from tests.standins import TwilioStandIn
from tests.test_channel_sms import sms

# Slow (servers started and killed): scheduled first, see tests/conftest.py.
pytestmark = pytest.mark.slow

ROUNDS = int(os.environ.get("FRONTDESK_KILL_ROUNDS", "4"))
FRONTDESK = Path(sys.executable).parent / "frontdesk"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def twilio() -> Iterator[TwilioStandIn]:
    """Twilio's stand-in, for the server's sender."""
    runner = asyncio.Runner()
    stand_in = runner.run(TwilioStandIn().start())
    try:
        yield stand_in
    finally:
        runner.run(stand_in.stop())
        runner.close()


def _environment(database_url: str, port: int, twilio: TwilioStandIn, folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "FRONTDESK_ENV": "test",
        "FRONTDESK_SECRET_KEY": "k" * 40,
        "FRONTDESK_DATABASE_URL": database_url,
        "FRONTDESK_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "FRONTDESK_TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "FRONTDESK_TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "FRONTDESK_TWILIO_API_URL": twilio.url,
        "FRONTDESK_THIRA_SMS_NUMBER": THIRA_NUMBER,
        "FRONTDESK_SPOOL_DIR": str(folder / "spool"),
        "FRONTDESK_LOG_LEVEL": "WARNING",
    }


async def _wait_ready(client: httpx.AsyncClient, server: asyncio.subprocess.Process | None = None) -> None:
    for _ in range(400):
        with contextlib.suppress(httpx.HTTPError):
            if (await client.get("/healthz")).status_code == 200:
                return
        if server is not None and server.returncode is not None:
            raise AssertionError(f"the server exited with {server.returncode} while starting (its log above)")
        await asyncio.sleep(0.05)
    raise AssertionError("the server did not start")


async def _write_until_killed(
    client: httpx.AsyncClient, port: int, server: asyncio.subprocess.Process, first: int, acked: list[str]
) -> int:
    """Citizens write until the server is killed; the MessageSids that got a 200 go into ``acked``."""
    validator = RequestValidator(AUTH_TOKEN)
    url = f"http://127.0.0.1:{port}/webhooks/twilio/sms"
    counter = iter(range(first, first + 100_000))

    async def citizen(number: int) -> None:
        while True:
            index = next(counter)
            form = sms(f"SMkill{index:07d}", "1", sender=f"+3069100{number:05d}")
            try:
                response = await client.post(
                    "/webhooks/twilio/sms", data=form,
                    headers={"X-Twilio-Signature": validator.compute_signature(url, form)},
                )  # fmt: skip
            except httpx.HTTPError:
                return  # killed mid-request: not acknowledged, Twilio would send it again
            if response.status_code == 200:
                acked.append(form["MessageSid"])

    writers = [asyncio.create_task(citizen(number)) for number in range(8)]
    await asyncio.sleep(random.uniform(0.3, 1.5))
    server.send_signal(signal.SIGKILL)
    await server.wait()
    await asyncio.gather(*writers)
    return next(counter)


async def test_a_server_killed_at_random_loses_no_acknowledged_message(
    database_url: str, tmp_path: Path, twilio: TwilioStandIn
) -> None:
    port = _free_port()
    environment = _environment(database_url, port, twilio, tmp_path)
    acked: list[str] = []
    first = 0
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
        for _ in range(ROUNDS):
            server = await asyncio.create_subprocess_exec(
                str(FRONTDESK), "serve", "--port", str(port), env=environment
            )
            try:
                await _wait_ready(client, server)
                first = await _write_until_killed(client, port, server, first, acked)
            finally:
                if server.returncode is None:
                    server.kill()
                    await server.wait()
    later = (datetime.now(UTC) + timedelta(minutes=5)).isoformat()
    for job in ("spool", "inbound"):
        done = await asyncio.create_subprocess_exec(
            str(FRONTDESK), "jobs", "run", job, "--now", later, env=environment
        )
        assert await done.wait() == 0
    engine = create_sync_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT provider_id, status FROM inbound_messages")).all()
    finally:
        engine.dispose()
    stored = [provider_id for provider_id, _status in rows]
    assert len(stored) == len(set(stored))  # nothing stored twice
    assert set(acked) <= set(stored), f"{len(set(acked) - set(stored))} acknowledged messages lost"
    assert {status for _id, status in rows} == {"processed"}
    assert len(acked) > ROUNDS * 10  # the rounds really carried traffic
    print(f"killed {ROUNDS} times: {len(acked)} acknowledged, {len(stored)} stored, 0 lost, all answered")
