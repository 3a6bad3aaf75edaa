"""Migrations run on a database that already holds centers and citizens, not only on an empty one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from storage import migrate


def _insert(connection: sqlite3.Connection, table: str, values: dict[str, object]) -> None:
    """A row with every required column filled with a plain value of its type."""
    row: dict[str, object] = {}
    for _cid, name, kind, not_null, default, _pk in connection.execute(f"PRAGMA table_info({table})"):
        if name == "id" or not not_null or default is not None:
            continue
        kind = kind.upper()
        row[name] = (
            0 if "INT" in kind or "BOOL" in kind else "2026-01-01 00:00:00" if "DATE" in kind else "{}"
        )
    row.update(values)
    # Table and column names come from the schema itself; values are bound.
    statement = f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})"  # noqa: S608
    connection.execute(statement, list(row.values()))


def test_sqlite_upgrades_tables_that_other_rows_point_at(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    migrate.upgrade(url, "0006")
    with sqlite3.connect(tmp_path / "old.db") as connection:
        connection.execute("PRAGMA foreign_keys=ON")
        _insert(connection, "centers", {"slug": "thira"})
        (center_id,) = connection.execute("SELECT id FROM centers").fetchone()
        _insert(connection, "citizens", {"center_id": center_id})
    # Later migrations copy `centers` to change it (SQLite's way); the citizen's reference must survive.
    migrate.upgrade(url)
    with sqlite3.connect(tmp_path / "old.db") as connection:
        assert connection.execute("SELECT count(*) FROM citizens").fetchone() == (1,)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    assert migrate.current_revision(url) == migrate.head_revision()
