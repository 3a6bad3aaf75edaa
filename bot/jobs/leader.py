"""Which replica runs the scheduled jobs: the holder of a PostgreSQL advisory lock (SQLite: the only one)."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

logger = logging.getLogger(__name__)
SCHEDULER_LOCK_KEY = 0x46445343  # any constant, the same in every replica


class Leadership:
    """Holds the scheduler lock on a connection of its own for as long as the process lives."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self.is_leader = engine.dialect.name != "postgresql"

    async def try_acquire(self) -> bool:
        """Become the leader if nobody is; cheap to call before every job run."""
        if self.is_leader:
            return True
        try:
            if self._connection is None:
                self._connection = await self._engine.connect()
            acquired = await self._connection.scalar(
                sa.text("SELECT pg_try_advisory_lock(:key)"), {"key": SCHEDULER_LOCK_KEY}
            )
        except sa.exc.SQLAlchemyError as error:
            logger.warning("scheduler lock unavailable: %s", type(error).__name__)
            await self.release()
            return False
        self.is_leader = bool(acquired)
        if self.is_leader:
            logger.info("this replica runs the scheduled jobs")
        return self.is_leader

    async def release(self) -> None:
        """Give the lock up (closing the connection releases it too)."""
        if self._connection is not None:
            await self._connection.close()
            self._connection = None
        if self._engine.dialect.name == "postgresql":
            self.is_leader = False
