"""Shared fixtures: an empty database per test on SQLite and, when configured, on PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from frontdesk.clock import FixedClock
from frontdesk.runtime import Runtime
from frontdesk.settings import Settings
from storage import migrate

POSTGRES_URL = os.environ.get("FRONTDESK_TEST_POSTGRES_URL")
ENGINES = ["sqlite", *(["postgres"] if POSTGRES_URL else [])]


def pytest_report_header() -> str:
    """Say in the log which engines the suite runs on."""
    return f"frontdesk database engines: {', '.join(ENGINES)}"


@pytest.fixture(params=ENGINES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'frontdesk.db'}"
        return
    assert POSTGRES_URL is not None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://"))
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def migrated_url(database_url: str) -> str:
    """A database at the latest migration."""
    migrate.upgrade(database_url)
    return database_url


@pytest.fixture
def clock() -> FixedClock:
    """A clock standing still on a Tuesday morning in Athens (08:00 UTC = 10:00 local)."""
    from datetime import UTC, datetime

    return FixedClock(datetime(2026, 11, 24, 8, 0, tzinfo=UTC))


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Test settings on the per-test database and the bundled centers."""
    return Settings(env="test", database_url=database_url, secret_key="t" * 40)


@pytest.fixture
async def runtime(settings: Settings, clock: FixedClock) -> AsyncIterator[Runtime]:
    """A prepared runtime: schema migrated, the five bundled centers synced."""
    built = Runtime.build(settings, environ={}, clock=clock)
    await built.prepare()
    try:
        yield built
    finally:
        await built.close()


@pytest.fixture
async def session(runtime: Runtime) -> AsyncIterator[AsyncSession]:
    """A session on the prepared database, rolled back unless the test commits."""
    async with runtime.sessions() as opened:
        yield opened


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters in tests; production keeps the library's defaults."""
    from argon2 import PasswordHasher

    monkeypatch.setattr("storage.staff._hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
