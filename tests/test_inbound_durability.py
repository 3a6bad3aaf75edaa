"""Acknowledged means durable: outages, the spool, poison messages, order per citizen, hostile bodies."""

from __future__ import annotations

import asyncio
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.delivery.clients import ChannelClients
from bot.jobs import JobContext
from bot.jobs.inbound import inbound_job
from bot.jobs.spool import spool_job
from frontdesk.clock import FixedClock
from frontdesk.runtime import Runtime
from storage.db import session_factory
from storage.enums import InboundStatus
from storage.models import InboundMessage, OutboxMessage
from tests.channel_env import Deployment, deployment
from tests.test_channel_sms import CITIZEN, sms
from tests.test_channel_telegram import text_update


@contextmanager
def database_down(runtime: Runtime, tmp_path: Path) -> Iterator[None]:
    """The database stops answering (connection refused, or a file that cannot be opened) until the block ends."""
    real_engine, real_sessions = runtime.engine, runtime.sessions
    if make_url(runtime.settings.database_url).get_backend_name() == "postgresql":
        dead_url = "postgresql+psycopg://nobody@127.0.0.1:9/down"  # nothing listens on the discard port
    else:
        blocker = tmp_path / "not-a-directory"
        blocker.write_text("")
        dead_url = f"sqlite+aiosqlite:///{blocker / 'down.db'}"
    dead = create_async_engine(dead_url)
    runtime.engine, runtime.sessions = dead, session_factory(dead)
    try:
        yield
    finally:
        runtime.engine, runtime.sessions = real_engine, real_sessions


def context_of(env: Deployment) -> JobContext:
    return JobContext(env.runtime, env.service.clients, env.service.context.sender)


async def inbound_rows(env: Deployment) -> list[InboundMessage]:
    async with env.runtime.sessions() as session:
        statement = sa.select(InboundMessage).order_by(InboundMessage.id)
        return list((await session.scalars(statement)).all())


async def replies(env: Deployment) -> list[OutboxMessage]:
    async with env.runtime.sessions() as session:
        return list((await session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id))).all())


def spooled(spool_dir: Path) -> list[Path]:
    return sorted(spool_dir.glob("*.json")) if spool_dir.is_dir() else []


async def test_messages_during_an_outage_are_spooled_acknowledged_and_answered_in_order_after(
    database_url: str, tmp_path: Path
) -> None:
    spool_dir = tmp_path / "spool"
    async with deployment(database_url, spool_dir=spool_dir) as env:
        with database_down(env.runtime, tmp_path):
            for number, body in enumerate(["Καλημέρα", "1", "2"]):
                response = await env.post_sms(sms(f"SM-out-{number}", body))
                assert response.status_code == 200  # the spool holds it: Twilio need not resend
            update = await env.post_update(text_update(7001, "hello"))
            assert update.status_code == 200
        assert len(spooled(spool_dir)) == 4
        assert await inbound_rows(env) == []
        # Back up, but the spool is not drained yet: a new message queues behind the spooled ones.
        assert (await env.post_sms(sms("SM-out-3", "0"))).status_code == 200
        assert len(spooled(spool_dir)) == 5
        summary = await spool_job(context_of(env))
        assert summary == "stored=5 duplicates=0 rejected=0"
        assert spooled(spool_dir) == []
        stored = await inbound_rows(env)
        sms_rows = [row for row in stored if row.address == CITIZEN]
        assert [row.provider_id for row in sms_rows] == [f"SM-out-{n}" for n in range(4)]
        assert all(row.status is InboundStatus.PROCESSED for row in stored)
        # Each reply answers its own message, in the order the citizen wrote.
        answered = [row.inbound_id for row in await replies(env) if row.to_address == CITIZEN]
        assert answered == sorted(answered) and set(answered) == {row.id for row in sms_rows}
        # Twilio resends one of them anyway: it is recognised by its MessageSid.
        assert (await env.post_sms(sms("SM-out-1", "1"))).status_code == 200
        assert len(await inbound_rows(env)) == 5


async def test_spool_files_are_private_and_survive_as_whole_messages(
    database_url: str, tmp_path: Path
) -> None:
    spool_dir = tmp_path / "spool"
    async with deployment(database_url, spool_dir=spool_dir) as env:
        with database_down(env.runtime, tmp_path):
            assert (await env.post_sms(sms("SM-private", "γεια"))).status_code == 200
        (path,) = spooled(spool_dir)
        assert stat.S_IMODE(spool_dir.stat().st_mode) == 0o700
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert not list(spool_dir.glob(".*.part"))
        assert '"text": "γεια"' in path.read_text()


async def test_when_neither_database_nor_spool_can_keep_it_the_answer_is_503(
    database_url: str, tmp_path: Path
) -> None:
    occupied = tmp_path / "a-file"
    occupied.write_text("")
    async with deployment(database_url, spool_dir=occupied / "spool") as env:
        with database_down(env.runtime, tmp_path):
            assert (await env.post_sms(sms("SM-lost", "hello"))).status_code == 503
            assert (await env.post_update(text_update(7002, "hello"))).status_code == 503
        assert await inbound_rows(env) == []
        # Twilio retries after the 503; by then the database is back.
        assert (await env.post_sms(sms("SM-lost", "hello"))).status_code == 200
        assert [row.provider_id for row in await inbound_rows(env)] == ["SM-lost"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_locked_sqlite_database_spools_instead_of_losing(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert database_url.startswith("sqlite"), database_url  # sqlite3 below opens the file itself
    monkeypatch.setattr("storage.db.SQLITE_BUSY_TIMEOUT_MS", 100)
    spool_dir = tmp_path / "spool"
    async with deployment(database_url, spool_dir=spool_dir) as env:
        holder = sqlite3.connect(make_url(database_url).database or "", isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            assert (await env.post_sms(sms("SM-locked", "hello"))).status_code == 200
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert len(spooled(spool_dir)) == 1
        assert await spool_job(context_of(env)) == "stored=1 duplicates=0 rejected=0"
        assert [row.status for row in await inbound_rows(env)] == [InboundStatus.PROCESSED]


async def test_nul_characters_are_dropped_not_fatal(database_url: str) -> None:
    async with deployment(database_url) as env:
        assert (await env.post_sms(sms("SM-nul", "hel\x00lo"))).status_code == 200
        assert (await env.post_update(text_update(7003, "γει\u0000α"))).status_code == 200
        texts = [row.text for row in await inbound_rows(env)]
        assert texts == ["hello", "γεια"]
        assert all(row.status is InboundStatus.PROCESSED for row in await inbound_rows(env))


async def test_oversized_bodies_are_refused_before_they_are_read(database_url: str) -> None:
    async with deployment(database_url) as env:
        huge = {"Body": "x" * (70 * 1024), "MessageSid": "SM-huge"}
        assert (await env.http.post("/webhooks/twilio/sms", data=huge)).status_code == 413

        async def stream() -> Any:
            for _ in range(100):  # no Content-Length: counted while it streams
                yield b"x" * 1024

        streamed = await env.http.post("/webhooks/twilio/sms", content=stream())
        assert streamed.status_code == 413
        big_update = {"update_id": 1, "message": {"text": "x" * (1100 * 1024)}}
        assert (await env.post_update(big_update)).status_code == 413
        assert await inbound_rows(env) == []


async def test_a_long_message_is_capped_and_answered_quickly(database_url: str) -> None:
    async with deployment(database_url) as env:
        started = asyncio.get_running_loop().time()
        response = await env.post_update(text_update(7004, "βοήθεια " * 60_000))
        assert response.status_code == 200
        assert asyncio.get_running_loop().time() - started < 5
        (row,) = await inbound_rows(env)
        assert len(row.text or "") == 4096 and row.status is InboundStatus.PROCESSED


@pytest.mark.parametrize(
    "update",
    [
        {"update_id": 11, "message": "hi"},
        {"update_id": 12, "message": {"message_id": 1, "date": 1, "text": "hi"}},
        {"update_id": 13, "callback_query": {"id": "q", "chat_instance": "c", "data": "c:1"}},
        {
            "update_id": 14,
            "message": {"message_id": 1, "date": 1, "chat": {"id": 5, "type": "private"}, "text": 12345},
        },
    ],
    ids=["message-is-a-string", "no-chat", "callback-without-from", "text-is-a-number"],
)
async def test_authenticated_but_malformed_updates_are_400(database_url: str, update: dict[str, Any]) -> None:
    async with deployment(database_url) as env:
        response = await env.post_update(update)
        assert response.status_code == 400
        assert await inbound_rows(env) == []


async def test_num_media_that_is_not_a_number_is_still_a_message(database_url: str) -> None:
    async with deployment(database_url) as env:
        form = sms("SM-media", "hello")
        form["NumMedia"] = "abc"
        assert (await env.post_sms(form)).status_code == 200
        assert [row.text for row in await inbound_rows(env)] == ["hello"]


async def test_a_message_that_keeps_failing_is_parked_and_the_citizen_is_told(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.conversation import dispatcher

    real_answer = dispatcher.answer

    async def answer(turn: Any, event: Any) -> Any:
        if event.text == "poison":
            raise ZeroDivisionError("a bug this message trips")
        return await real_answer(turn, event)

    monkeypatch.setattr(dispatcher, "answer", answer)
    async with deployment(database_url) as env:
        assert (await env.post_sms(sms("SM-p1", "poison"))).status_code == 200
        assert (await env.post_sms(sms("SM-p2", "hello"))).status_code == 200
        # The second waits behind the first: order is kept while the first may still be answered.
        assert await replies(env) == []
        context = context_of(env)
        for _ in range(2):
            env.runtime.clock = FixedClock(env.runtime.clock.now() + timedelta(minutes=3))
            await inbound_job(context)
        rows = await inbound_rows(env)
        assert [(row.status, row.attempts) for row in rows] == [
            (InboundStatus.PARKED, 3),
            (InboundStatus.PROCESSED, 0),
        ]
        bodies = [row.body for row in await replies(env)]
        assert "something went wrong" in bodies[0].lower() or "Συγγνώμη" in bodies[0]
        assert len(bodies) > 1  # and "hello" got its ordinary answer after the apology


async def test_one_citizens_messages_are_answered_in_the_order_they_arrived(database_url: str) -> None:
    async with deployment(database_url) as env:
        bodies = ["Καλημέρα", "1", "0", "2", "0", "1", "0", "3", "0", "9"]
        responses = await asyncio.gather(
            *(env.post_sms(sms(f"SM-order-{n:02d}", body)) for n, body in enumerate(bodies))
        )
        assert {response.status_code for response in responses} == {200}
        stored = await inbound_rows(env)
        assert all(row.status is InboundStatus.PROCESSED for row in stored)
        answered = [row.inbound_id for row in await replies(env)]
        assert answered == sorted(answered)
        assert set(answered) == {row.id for row in stored}


async def test_jobs_run_from_the_command_line_do_not_wait_for_the_leader(runtime: Runtime) -> None:
    from bot.jobs.service import Service

    service = Service(runtime, ChannelClients())
    # A server elsewhere holds the scheduler's lead; an operator's run still does the work.
    service.leadership.try_acquire = _never  # type: ignore[method-assign]
    assert await service.run_job("inbound") is None
    assert await service.run_job("inbound", only_if_leading=False) == "answered=0 of 0"


async def _never() -> bool:
    return False
