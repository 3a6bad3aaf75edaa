"""Autogenerate a migration: ``python -m storage.revision "what changed"``."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from storage import migrate
from storage.db import create_sync_engine


def main(message: str) -> None:
    """Migrate a scratch SQLite database to head and write the difference to the models as a new revision."""
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{Path(scratch) / 'revision.db'}"
        migrate.upgrade(url)
        existing = sorted(path.name for path in (migrate.MIGRATIONS_DIR / "versions").glob("[0-9]*.py"))
        next_id = f"{len(existing) + 1:04d}"
        engine = create_sync_engine(url)
        with engine.connect() as connection:
            script = command.revision(
                migrate.alembic_config(connection), message=message, autogenerate=True, rev_id=next_id
            )
        engine.dispose()
    # Alembic renders JSONB's text type unqualified; the migrations import sqlalchemy as "sa".
    for revision in script if isinstance(script, list) else [script]:
        if revision is not None:
            path = Path(revision.path)
            text = path.read_text(encoding="utf-8").replace("astext_type=Text()", "astext_type=sa.Text()")
            path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit('usage: python -m storage.revision "what changed"')
    main(sys.argv[1])
