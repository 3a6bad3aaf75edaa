"""Which replica runs the scheduled jobs: the holder of a PostgreSQL advisory lock (SQLite: the only one)."""

from __future__ import annotations

import contextlib
import logging

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

logger = logging.getLogger(__name__)
SCHEDULER_LOCK_KEY = 0x46445343  # any constant, the same in every replica
# Whether this very session still holds the lock (a bigint key is stored as two 32-bit halves).
_HELD = (
    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
    " AND pid = pg_backend_pid() AND objid = (CAST(:key AS bigint) & 4294967295)::oid)"
)


class Leadership:
    """Holds the scheduler lock on a connection of its own for as long as the process lives."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self.is_leader = engine.dialect.name != "postgresql"

    async def try_acquire(self) -> bool:
        """Lead if nobody does, or confirm that this replica still does; called before every job run.

        The lock lives as long as its connection: a PostgreSQL restart, a failover or
        ``pg_terminate_backend`` ends it silently, so a leader asks again every time on that connection.
        """
        if self._engine.dialect.name != "postgresql":
            return True
        try:
            if self._connection is None:
                self._connection = await self._engine.connect()
            if self.is_leader:
                held = await self._connection.scalar(sa.text(_HELD), {"key": SCHEDULER_LOCK_KEY})
            else:
                held = await self._connection.scalar(
                    sa.text("SELECT pg_try_advisory_lock(:key)"), {"key": SCHEDULER_LOCK_KEY}
                )
        except sa.exc.SQLAlchemyError as error:
            logger.warning("scheduler lock unavailable: %s", type(error).__name__)
            await self.release()
            return False
        if bool(held) != self.is_leader:
            logger.info("this replica %s the scheduled jobs", "runs" if held else "no longer runs")
        self.is_leader = bool(held)
        return self.is_leader

    async def release(self) -> None:
        """Give the lock up (closing the connection releases it too)."""
        if self._connection is not None:
            try:
                await self._connection.close()
            except sa.exc.SQLAlchemyError:
                # The connection is already dead (a restart, pg_terminate_backend): drop it for good.
                with contextlib.suppress(sa.exc.SQLAlchemyError):
                    await self._connection.invalidate()
            self._connection = None
        if self._engine.dialect.name == "postgresql":
            self.is_leader = False
