"""aiosqlite, with statements run on the event loop unless they would wait or run long.

SQLAlchemy's aiosqlite adapter hands each statement to the connection's thread four times (cursor, execute,
fetch, close), each answered through the event loop; under load every hand-over also waits for the GIL, so a
statement of a few microseconds held the single SQLite connection for milliseconds, and every transaction
behind it waited. SQLite runs in this process and a statement takes microseconds: here it runs at once, on
the loop, with all its rows fetched. Two cases still go to the connection's thread, where waiting harms
nothing else:

- a statement that finds the database locked by another process (``SQLITE_BUSY``) runs again there, with
  the configured ``busy_timeout``: on the loop a connection never waits for a lock;
- a query still running after ``LOOP_BUDGET_SECONDS`` (a report over a million cases) is interrupted and
  runs again there. Only queries: interrupting a write inside a transaction would roll the transaction back.

Commits and rollbacks run in the thread (a commit may checkpoint the WAL, which writes and syncs files), unless
no transaction is open (a session that only read): then there is nothing to do.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, cast

import aiosqlite

Description = tuple[tuple[str, None, None, None, None, None, None], ...] | None
Outcome = tuple[Description, int, int | None, list[Any]]
# Longest a query may hold the event loop before it is moved to the connection's thread.
LOOP_BUDGET_SECONDS = 0.002
# The progress handler looks at the clock every this many SQLite instructions (well under a millisecond).
PROGRESS_STEPS = 20_000
_BUSY = sqlite3.SQLITE_BUSY


class OneTripCursor:
    """The part of aiosqlite's cursor SQLAlchemy uses; rows are fetched in the statement's own call."""

    arraysize = 1

    def __init__(self, connection: OneTripConnection) -> None:
        self._connection = connection
        self.description: Description = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self._rows: list[Any] = []

    async def __aenter__(self) -> OneTripCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        return None

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> OneTripCursor:
        """Run one statement and fetch all its rows."""
        params = () if parameters is None else parameters
        if sql.startswith("PRAGMA busy_timeout="):
            # Kept for the statements that wait in the thread; on the loop a statement never waits.
            self._connection.busy_timeout_ms = int(sql.partition("=")[2])
            self._set(None, -1, None, [])
            return self
        self._set(
            *await self._connection.run(partial(_execute, sql=sql, parameters=params), query=_is_query(sql))
        )
        return self

    async def executemany(self, sql: str, parameters: Sequence[Sequence[Any]]) -> OneTripCursor:
        """Run one statement for many parameter sets."""
        self._set(*await self._connection.run(partial(_execute, sql=sql, parameters=parameters, many=True)))
        return self

    def _set(self, description: Description, rowcount: int, lastrowid: int | None, rows: list[Any]) -> None:
        self.description, self.rowcount, self.lastrowid, self._rows = description, rowcount, lastrowid, rows

    async def fetchone(self) -> Any:
        """The next row already fetched, or None."""
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        """The next rows already fetched."""
        count = size or self.arraysize
        rows, self._rows = self._rows[:count], self._rows[count:]
        return rows

    async def fetchall(self) -> list[Any]:
        """Every row left."""
        rows, self._rows = self._rows, []
        return rows

    async def close(self) -> None:
        """Nothing to close: the sqlite3 cursor was closed with its statement."""
        self._rows = []


def _is_query(sql: str) -> bool:
    return sql.lstrip()[:6].upper() == "SELECT"


def _execute(
    connection: sqlite3.Connection, *, sql: str, parameters: Sequence[Any], many: bool = False
) -> Outcome:
    """Run one statement (``many``: once per row of parameters) and read what it returns."""
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


def _waiting(
    connection: sqlite3.Connection, work: Callable[[sqlite3.Connection], Any], busy_timeout_ms: int
) -> Any:
    """Run ``work`` allowing it to wait for another process's lock (in the connection's thread)."""
    connection.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    try:
        return work(connection)
    finally:
        connection.execute("PRAGMA busy_timeout=0")


class OneTripConnection(aiosqlite.Connection):
    """An aiosqlite connection that runs short statements on the event loop (see the module's docstring)."""

    busy_timeout_ms = 0

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        """A cursor; nothing runs until it executes."""
        return OneTripCursor(self)

    async def run(self, work: Callable[[sqlite3.Connection], Outcome], *, query: bool = False) -> Outcome:
        """Run a statement on the loop, or in the thread when it must wait for a lock or runs long."""
        connection = self._conn
        if query:
            deadline = time.monotonic() + LOOP_BUDGET_SECONDS
            connection.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEPS)
        try:
            return work(connection)
        except sqlite3.OperationalError as error:
            busy = error.sqlite_errorcode & 0xFF == _BUSY
            interrupted = query and error.sqlite_errorcode == sqlite3.SQLITE_INTERRUPT
            if not (busy or interrupted):
                raise
        finally:
            if query:
                connection.set_progress_handler(None, 0)
        return cast(Outcome, await self._in_thread(partial(_waiting, connection, work, self.busy_timeout_ms)))

    async def _in_thread(self, work: Callable[[], Any]) -> Any:
        return await self._execute(work)  # type: ignore[no-untyped-call]

    async def commit(self) -> None:
        """Commit in the connection's thread (a commit may checkpoint the WAL: file writes and syncs)."""
        if not self._conn.in_transaction:
            return  # nothing written, nothing to commit (sqlite3's commit would do nothing, a thread away)
        await self._in_thread(partial(_waiting, self._conn, sqlite3.Connection.commit, self.busy_timeout_ms))

    async def rollback(self) -> None:
        """Roll back; a session that only read opened no transaction (sqlite3 begins before writes only)."""
        if not self._conn.in_transaction:
            # The end of every read-only session: sqlite3's rollback would do nothing, and the hand-over to
            # the connection's thread and back was 2 % of the CPU per reply (bench/endtoend.py).
            return
        await super().rollback()


async def connect(database: str) -> OneTripConnection:
    """Open a connection (SQLAlchemy's ``async_creator``): no busy wait on the loop (``timeout=0``)."""
    connector = partial(sqlite3.connect, database, timeout=0, check_same_thread=False)
    connection = OneTripConnection(connector, 64)
    # As SQLAlchemy does for aiosqlite: a connection never closed must not keep the process alive.
    connection._thread.daemon = True
    await connection
    return connection
