"""Two replicas on one PostgreSQL: each message answered once and in order, each reply sent once."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from twilio.request_validator import RequestValidator

from storage.db import create_sync_engine
from tests.channel_env import AUTH_TOKEN
from tests.conftest import POSTGRES_URL
from tests.standins import TwilioStandIn
from tests.test_channel_sms import sms
from tests.test_faults_kill import FRONTDESK, _environment, _free_port, _wait_ready, twilio

# Slow (two servers started): scheduled first, see tests/conftest.py.
pytestmark = pytest.mark.slow

__all__ = ["twilio"]  # the fixture, shared with the kill test

CITIZENS = 6
PER_CITIZEN = 8


@pytest.mark.skipif(POSTGRES_URL is None, reason="needs FRONTDESK_TEST_POSTGRES_URL")
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_two_replicas_answer_each_message_once_in_order(
    database_url: str, tmp_path: Path, twilio: TwilioStandIn
) -> None:
    ports = [_free_port(), _free_port()]
    servers = [
        await asyncio.create_subprocess_exec(
            str(FRONTDESK),
            "serve",
            "--port",
            str(port),
            env={
                **_environment(database_url, port, twilio, tmp_path / str(port)),
                "FRONTDESK_TWILIO_MESSAGES_PER_SECOND": "100",
            },
        )
        for port in ports
    ]
    clients = [httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) for port in ports]
    try:
        for client in clients:
            await _wait_ready(client)
        replica = itertools.cycle(range(2))

        async def citizen(number: int) -> None:
            # Each message of a citizen goes to the other replica than the one before.
            for index in range(PER_CITIZEN):
                chosen = next(replica)
                url = f"http://127.0.0.1:{ports[chosen]}/webhooks/twilio/sms"
                form = sms(
                    f"SMrep{number:02d}{index:03d}", "1" if index % 2 else "0", sender=f"+3069200{number:05d}"
                )
                signature = RequestValidator(AUTH_TOKEN).compute_signature(url, form)
                response = await clients[chosen].post(
                    "/webhooks/twilio/sms", data=form, headers={"X-Twilio-Signature": signature}
                )
                assert response.status_code == 200

        await asyncio.gather(*(citizen(number) for number in range(CITIZENS)))
        engine = create_sync_engine(database_url)
        try:
            for _ in range(120):  # the leader's sender runs every 2 s
                with engine.connect() as connection:
                    waiting = connection.execute(
                        sa.text("SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')")
                    ).scalar_one()
                    received = connection.execute(
                        sa.text("SELECT count(*) FROM inbound_messages WHERE status = 'received'")
                    ).scalar_one()
                if waiting == 0 and received == 0:
                    break
                await asyncio.sleep(0.5)
            with engine.connect() as connection:
                inbound = connection.execute(
                    sa.text("SELECT id, address, provider_id, status FROM inbound_messages ORDER BY id")
                ).all()
                replies = connection.execute(
                    sa.text("SELECT id, to_address, inbound_id, status FROM outbox ORDER BY id")
                ).all()
        finally:
            engine.dispose()
    finally:
        for client in clients:
            await client.aclose()
        for server in servers:
            # A server that died already (a failed start) must not keep the others running.
            with contextlib.suppress(ProcessLookupError):
                server.terminate()
            await server.wait()
    assert len(inbound) == CITIZENS * PER_CITIZEN
    assert {row.status for row in inbound} == {"processed"}
    for number in range(CITIZENS):
        address = f"+3069200{number:05d}"
        written = [row.provider_id for row in inbound if row.address == address]
        assert written == sorted(written)
        answered = [row.inbound_id for row in replies if row.to_address == address]
        assert answered == sorted(answered), f"citizen {number} answered out of order across replicas"
    assert len(twilio.accepted) == len(replies), "a reply was sent twice, or not at all"
    print(
        f"two replicas: {len(inbound)} messages, {len(replies)} replies, each sent once, in order per citizen"
    )
