"""What every bench run needs: a database of its own (a SQLite file or a PostgreSQL schema), servers stopped."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from storage.db import sync_url


@contextmanager
def scratch_database(url: str | None, folder: Path) -> Iterator[str]:
    """The URL of an empty database: a new database on ``url``'s server, or a SQLite file in ``folder``.

    A database, not a schema: two servers in one database would share the scheduler's advisory lock.
    """
    if url is None or not url.startswith("postgres"):
        yield url or f"sqlite:///{folder / 'bench.db'}"
        return
    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(sync_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def start(command: list[str], **options: Any) -> subprocess.Popen[bytes]:
    """A server in a process group of its own, so that ``stop`` ends whatever it started too."""
    return subprocess.Popen(command, start_new_session=True, **options)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ask the server to stop; after 30 s, or when it has gone, end what is left of its group."""
    process.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=30)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
