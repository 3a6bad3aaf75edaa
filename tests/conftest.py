"""Shared fixtures: a database per test on SQLite and, when configured, on PostgreSQL.

Alembic builds the schema once per engine and session; every test then starts from a copy of that
SQLite file, or from that PostgreSQL schema emptied of rows. Under pytest-xdist (``make test`` runs
``-n 2``) each worker is a session of its own: its own temporary folder for the SQLite files and its own
PostgreSQL database, created at start and dropped at the end, so that database-wide advisory locks (the
scheduler's leader, the migrations') are never taken by another worker's test.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from bot.understanding.models import keep_models_in, models_kept_in
from frontdesk.clock import FixedClock
from frontdesk.runtime import Runtime
from frontdesk.settings import Settings
from storage import migrate
from storage.db import create_sync_engine

# The configured server; the tests' databases live on it (see ``postgres_admin``).
CONFIGURED_POSTGRES_URL = os.environ.get("FRONTDESK_TEST_POSTGRES_URL")
# "gw0", "gw1"… in a pytest-xdist worker, unset in a plain run.
WORKER = os.environ.get("PYTEST_XDIST_WORKER")


def worker_database_url(url: str, worker: str | None) -> str:
    """The URL of this worker's own database on the same server (the configured one itself without xdist)."""
    if worker is None:
        return url
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_{worker}").render_as_string(hide_password=False)


POSTGRES_URL = worker_database_url(CONFIGURED_POSTGRES_URL, WORKER) if CONFIGURED_POSTGRES_URL else None
# Fitted understanding models, shared by the workers and every process a test starts (keyed by their training
# data, so never stale): each model is fitted once per change of its examples, not once per process.
MODEL_CACHE_DIR = Path(__file__).resolve().parent.parent / "var" / "test-models"
os.environ.setdefault("FRONTDESK_MODEL_CACHE_DIR", str(MODEL_CACHE_DIR))
keep_models_in(Path(os.environ["FRONTDESK_MODEL_CACHE_DIR"]))


@pytest.fixture
def kept_models(tmp_path: Path) -> Iterator[Path]:
    """A models folder of the test's own, empty at first (the suite's shared one is restored after)."""
    before, folder = models_kept_in(), tmp_path / "models"
    keep_models_in(folder)
    yield folder
    keep_models_in(before)


def environment_without_settings() -> dict[str, str]:
    """This process's environment for a child process, without Front Desk's settings but the kept models'."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("FRONTDESK_")}
    return {**clean, "FRONTDESK_MODEL_CACHE_DIR": os.environ["FRONTDESK_MODEL_CACHE_DIR"]}


ENGINES = ["sqlite", *(["postgres"] if POSTGRES_URL else [])]


def pytest_report_header() -> str:
    """Say in the log which engines the suite runs on."""
    return f"frontdesk database engines: {', '.join(ENGINES)}"


def postgres_schema_url(schema: str) -> str:
    """The test server's URL with ``schema`` as the search path."""
    assert POSTGRES_URL is not None
    separator = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"


@contextlib.contextmanager
def postgres_schema(admin: sa.Engine) -> Iterator[str]:
    """A new empty schema, dropped with everything in it afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield schema
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


@dataclass
class PreparedSchema:
    """A PostgreSQL schema migrated once per session and emptied before each test."""

    admin: sa.Engine
    url: str
    empty_sql: str

    @classmethod
    def build(cls, admin: sa.Engine, schema: str) -> PreparedSchema:
        """Run the migrations, then write down how to return to this state in one round trip."""
        url = postgres_schema_url(schema)
        migrate.upgrade(url)
        with admin.connect() as connection:
            tables = [
                name
                for name, _ in sa.inspect(connection).get_sorted_table_and_fkc_names(schema=schema)
                if name is not None and name != "alembic_version"
            ]
            guarded = set(connection.execute(_USER_TRIGGERS, {"schema": schema}).scalars())
            sequences = connection.execute(_SEQUENCES, {"schema": schema}).scalars().all()
        preparer = admin.dialect.identifier_preparer
        quoted = {
            name: preparer.format_table(sa.table(name, schema=schema)) for name in [*tables, *sequences]
        }
        # The audit log's own triggers refuse DELETE; switched off inside this transaction only.
        statements = ["SET LOCAL lock_timeout = '10s'"]
        statements += [f"ALTER TABLE {quoted[name]} DISABLE TRIGGER USER" for name in sorted(guarded)]
        statements += [
            str(sa.delete(sa.table(name, schema=schema)).compile(admin)) for name in reversed(tables)
        ]
        statements += [f"ALTER TABLE {quoted[name]} ENABLE TRIGGER USER" for name in sorted(guarded)]
        # Ids start at 1 again: tests name the bundled centers by id.
        statements += [f"SELECT setval('{quoted[name]}', 1, false)" for name in sequences]
        return cls(admin, url, ";\n".join(statements))

    def empty(self) -> str:
        """Delete every row, reset every sequence, and return the schema's URL."""
        with self.admin.begin() as connection:
            connection.exec_driver_sql(self.empty_sql)
        return self.url


_USER_TRIGGERS = sa.text(
    "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :schema AND NOT t.tgisinternal"
)
_SEQUENCES = sa.text(
    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = :schema AND c.relkind = 'S'"
)


@contextlib.contextmanager
def worker_database() -> Iterator[None]:
    """This xdist worker's database, new for the session (a leftover of a killed run is replaced)."""
    if WORKER is None:
        yield
        return
    assert CONFIGURED_POSTGRES_URL is not None and POSTGRES_URL is not None
    server = create_sync_engine(CONFIGURED_POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = server.dialect.identifier_preparer.quote(str(make_url(POSTGRES_URL).database))
    try:
        with server.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            connection.exec_driver_sql(f"CREATE DATABASE {name}")
        yield
        with server.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        server.dispose()


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[sa.Engine]:
    """A connection pool to the test server, outside any test schema."""
    assert POSTGRES_URL is not None
    with worker_database():
        admin = create_sync_engine(POSTGRES_URL)
        try:
            yield admin
        finally:
            admin.dispose()


@pytest.fixture(scope="session")
def prepared_postgres(postgres_admin: sa.Engine) -> Iterator[PreparedSchema]:
    """The session's PostgreSQL schema at the latest migration."""
    with postgres_schema(postgres_admin) as schema:
        yield PreparedSchema.build(postgres_admin, schema)


@pytest.fixture(scope="session")
def prepared_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at the latest migration, copied for each test."""
    path = tmp_path_factory.mktemp("prepared") / "frontdesk.db"
    migrate.upgrade(f"sqlite:///{path}")
    # Everything in the main file, nothing left in the write-ahead log: the file alone is then a copy.
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture(params=ENGINES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database at the latest migration and without rows, the test's own until it ends."""
    if request.param == "sqlite":
        path = tmp_path / "frontdesk.db"
        shutil.copyfile(request.getfixturevalue("prepared_sqlite"), path)
        return f"sqlite:///{path}"
    prepared: PreparedSchema = request.getfixturevalue("prepared_postgres")
    return prepared.empty()


@pytest.fixture(params=ENGINES)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database without even a schema: a SQLite path not yet created, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    with postgres_schema(request.getfixturevalue("postgres_admin")) as schema:
        yield postgres_schema_url(schema)


@pytest.fixture
def migrated_url(database_url: str) -> str:
    """A database at the latest migration (as every ``database_url`` is)."""
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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` first: parallel workers then end together, not one waiting on a late long test."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
