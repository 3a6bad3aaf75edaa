"""The running service's shared objects, built once from the settings and passed around."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from frontdesk.centers_file import CentersConfig, load_centers_file
from frontdesk.clock import Clock, SystemClock
from frontdesk.settings import Environment, Settings
from storage import migrate
from storage.cases import new_reference
from storage.centers import sync_centers
from storage.db import create_engine, session_factory
from storage.models import Area, Center
from storage.passwords import Passwords

logger = logging.getLogger(__name__)


@dataclass
class Runtime:
    """Settings, centers, database and clock of one process."""

    settings: Settings
    centers: CentersConfig
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    clock: Clock = field(default_factory=SystemClock)
    # Case references; tests pass a seeded source so transcripts are reproducible.
    new_reference: Callable[[], str] = field(default=new_reference)
    passwords: Passwords = field(default_factory=Passwords)
    # Active centers' ids by slug, known after ``prepare``: the inbound path needs no query to find them.
    center_ids: dict[str, int] = field(default_factory=dict)
    # Centers and their active areas by id, read once by the conversation (detached rows, only read).
    center_rows: dict[int, tuple[Center, list[Area]]] = field(default_factory=dict)

    @classmethod
    def build(
        cls, settings: Settings, *, environ: Mapping[str, str] | None = None, clock: Clock | None = None
    ) -> Runtime:
        """Load the centers file and open the database engine (raises CentersFileError on a bad file)."""
        centers = load_centers_file(settings.centers_file, os.environ if environ is None else environ)
        engine = create_engine(settings.database_url)
        # A test suite signs in hundreds of times: argon2's real cost is kept for every other environment.
        passwords = Passwords.cheap() if settings.env is Environment.TEST else Passwords()
        return cls(
            settings, centers, engine, session_factory(engine), clock or SystemClock(), passwords=passwords
        )

    async def prepare(self, *, announce: bool = True) -> None:
        """Migrate the schema and sync the centers file into the database (callers check the flows first).

        ``announce`` says which channels are off at INFO; one-off commands say it at DEBUG, so that
        ``make run`` (staff demo, then serve) does not list them twice.
        """
        await asyncio.to_thread(migrate.upgrade, self.settings.database_url)
        async with self.sessions.begin() as session:
            synced = await sync_centers(session, specs=self.centers.centers, now=self.clock.now())
        self.center_ids = {center.slug: center.id for center in synced}
        self.center_rows = {}
        for notice in self.centers.notices:
            logger.log(logging.INFO if announce else logging.DEBUG, "%s", notice)
        logger.info("centers synced: %s", ", ".join(center.slug for center in self.centers.centers))

    async def close(self) -> None:
        """Release database connections."""
        await self.engine.dispose()
