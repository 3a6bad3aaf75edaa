"""Bring a database schema up to date with Alembic, safely from several replicas at once."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from storage.db import create_sync_engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Any constant works; it only has to be the same in every replica.
MIGRATION_LOCK_KEY = 0x46444D4947


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic configuration without an ini file, pointing at our migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Apply every pending migration; on PostgreSQL replicas wait for each other."""
    engine = create_sync_engine(database_url)
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
                connection.commit()
            else:
                # SQLite changes a table by copying it (Alembic's batch mode): with foreign keys enforced,
                # dropping the old copy of a referenced table fails. Outside a transaction, as SQLite wants.
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            try:
                command.upgrade(alembic_config(connection), revision)
                connection.commit()
            finally:
                if connection.dialect.name == "postgresql":
                    connection.execute(
                        sa.text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY}
                    )
                    connection.commit()
    finally:
        engine.dispose()


def current_revision(database_url: str) -> str | None:
    """The revision a database is at, or None when it has never been migrated."""
    from alembic.runtime.migration import MigrationContext

    engine = create_sync_engine(database_url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def head_revision() -> str | None:
    """The newest revision the migrations folder holds."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()
