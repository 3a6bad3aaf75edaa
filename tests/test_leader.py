"""Exactly one replica runs the scheduled jobs, and a lost lock is noticed at the next tick."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.jobs.leader import Leadership
from storage.db import create_engine
from tests.conftest import POSTGRES_URL


@pytest.mark.skipif(POSTGRES_URL is None, reason="needs FRONTDESK_TEST_POSTGRES_URL")
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_leader_whose_connection_dies_steps_down_and_the_other_takes_over(database_url: str) -> None:
    first_engine, second_engine = create_engine(database_url), create_engine(database_url)
    first, second = Leadership(first_engine), Leadership(second_engine)
    try:
        assert await first.try_acquire()
        assert not await second.try_acquire()
        assert await first.try_acquire()  # still leading: asked again on its own connection
        assert first._connection is not None
        pid = await first._connection.scalar(sa.text("SELECT pg_backend_pid()"))
        async with second_engine.connect() as admin:
            await admin.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        # Next tick: the old leader finds its lock gone, the other replica takes it — never both.
        assert not await first.try_acquire()
        assert await second.try_acquire()
        assert not await first.try_acquire()
    finally:
        await first.release()
        await second.release()
        await first_engine.dispose()
        await second_engine.dispose()
