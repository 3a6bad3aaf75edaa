"""A local append-only spool for inbound messages the database could not take, drained in arrival order.

One file per message, written to a hidden temporary name, fsync'd, renamed into place and the directory
fsync'd: a message is in the spool completely or not at all, and survives a crash or power cut once
``write`` has returned. Only the service's user can read the directory (mode 0700, files 0600).
"""

from __future__ import annotations

import itertools
import json
import os
import time
from pathlib import Path
from typing import Any

_SEQUENCE = itertools.count()
REJECTED = "rejected"


class Spool:
    """Inbound messages kept on local disk while the database is unavailable."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def write(self, record: dict[str, Any]) -> Path:
        """Keep one message durably; raises OSError when the disk cannot take it."""
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Nanoseconds, process id and a counter: names sort in arrival order and never collide.
        name = f"{time.time_ns():020d}-{os.getpid()}-{next(_SEQUENCE):08d}.json"
        temporary = self.directory / f".{name}.part"
        data = json.dumps(record, ensure_ascii=False).encode()
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(descriptor, data)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        final = self.directory / name
        temporary.rename(final)
        self._sync_directory()
        return final

    def has_pending(self) -> bool:
        """Tell whether any message waits (one directory read: cheap enough for every request)."""
        try:
            with os.scandir(self.directory) as entries:
                return any(entry.name.endswith(".json") for entry in entries)
        except OSError:
            return False  # no spool (yet, or unusable): nothing can wait in it

    def pending(self, limit: int = 500) -> list[Path]:
        """The oldest spooled messages first."""
        if not self.directory.is_dir():
            return []
        names = sorted(entry.name for entry in os.scandir(self.directory) if entry.name.endswith(".json"))
        return [self.directory / name for name in names[:limit]]

    def read(self, path: Path) -> dict[str, Any]:
        """One spooled message."""
        record: dict[str, Any] = json.loads(path.read_bytes())
        return record

    def remove(self, path: Path) -> None:
        """Forget a message once the database holds it."""
        path.unlink(missing_ok=True)
        self._sync_directory()

    def reject(self, path: Path) -> None:
        """Set aside a message the database refuses for good, so it neither blocks nor disappears."""
        rejected = self.directory / REJECTED
        rejected.mkdir(mode=0o700, exist_ok=True)
        path.rename(rejected / path.name)
        self._sync_directory()

    def _sync_directory(self) -> None:
        descriptor = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
