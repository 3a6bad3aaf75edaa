"""Staff trying the bot: the real conversation engine, each trial on a SQLite database of its own.

A trial never touches the center's tables: its citizen, messages and any case it opens live in a throw-away
database copied from a schema migrated once per process, and nothing sends what it queues (the simulator
marks each reply delivered). Trials live in this process's memory and end after an hour unused.
"""

from __future__ import annotations

import asyncio
import atexit
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from bot.simulator import chat_turn
from frontdesk.runtime import Runtime
from storage import migrate
from storage.centers import sync_centers
from storage.citizens import get_or_create_identity
from storage.db import create_engine, session_factory
from storage.enums import Channel, Language
from storage.models import Case, OutboxMessage
from storage.queue import QueueFilter, list_cases

IDLE = timedelta(hours=1)
MAX_TRIALS = 30  # per process; the oldest ends when another starts
MAX_LINES = 400  # what one trial keeps on screen


@dataclass(frozen=True)
class TrialLine:
    """One message of a trial: written by the staff member (as the citizen) or by the bot."""

    from_bot: bool
    text: str
    choices: tuple[tuple[str, str], ...] = ()  # (data, label) of Telegram buttons
    segments: int | None = None  # SMS only
    encoding: str | None = None


@dataclass
class Trial:
    """A conversation with the bot on a database of its own."""

    id: str
    staff_id: int
    center: str
    channel: Channel
    language: Language
    address: str
    runtime: Runtime
    folder: Path
    last_used: datetime
    lines: list[TrialLine] = field(default_factory=list)
    # Requests the conversation opened: in a real one they would be in the queue.
    cases: list[Case] = field(default_factory=list)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def buttons(self) -> tuple[tuple[str, str], ...]:
        """The buttons of the bot's last message (Telegram), which the staff member can press."""
        if self.channel is not Channel.TELEGRAM:
            return ()
        for line in reversed(self.lines):
            if not line.from_bot:
                return ()
            if line.choices:
                return line.choices
        return ()


def _line(row: OutboxMessage) -> TrialLine:
    choices = tuple((str(item["key"]), str(item["label"])) for item in row.payload.get("choices", []))
    if row.channel is Channel.SMS:
        return TrialLine(True, row.body, (), row.payload.get("segments"), row.payload.get("encoding"))
    return TrialLine(True, row.body, choices)


def _address(channel: Channel) -> str:
    """A made-up address for the trial's citizen: a valid Greek mobile number, or a Telegram chat id."""
    if channel is Channel.SMS:
        return f"+30699{secrets.randbelow(10**7):07d}"
    return str(9_000_000_000 + secrets.randbelow(10**9))


class TrialRooms:
    """The trials of this process, by id."""

    def __init__(self) -> None:
        self._trials: dict[str, Trial] = {}
        self._template: Path | None = None
        self._template_lock = asyncio.Lock()
        self._root: Path | None = None

    def _folder(self) -> Path:
        """A new folder under this process's trial folder, which goes when the process ends."""
        if self._root is None:
            self._root = Path(tempfile.mkdtemp(prefix="frontdesk-trials-"))
            atexit.register(shutil.rmtree, self._root, True)
        return Path(tempfile.mkdtemp(dir=self._root))

    async def _schema(self) -> Path:
        """A SQLite file with the current schema, migrated once; each trial starts from a copy."""
        async with self._template_lock:
            if self._template is None:
                folder = self._folder()
                await asyncio.to_thread(migrate.upgrade, f"sqlite:///{folder / 'schema.db'}")
                self._template = folder / "schema.db"
            return self._template

    async def start(
        self, runtime: Runtime, *, staff_id: int, center: str, channel: Channel, language: Language
    ) -> Trial:
        """A new trial at a center, its citizen already speaking ``language``."""
        now = runtime.clock.now()
        await self.sweep(now)
        while len(self._trials) >= MAX_TRIALS:
            await self.end(min(self._trials.values(), key=lambda trial: trial.last_used))
        folder = self._folder()
        await asyncio.to_thread(shutil.copyfile, await self._schema(), folder / "trial.db")
        url = f"sqlite:///{folder / 'trial.db'}"
        settings = runtime.settings.model_copy(update={"database_url": url, "spool_dir": folder / "spool"})
        engine = create_engine(url)
        own = Runtime(settings, runtime.centers, engine, session_factory(engine), runtime.clock,
                      passwords=runtime.passwords)  # fmt: skip
        address = _address(channel)
        async with own.sessions.begin() as session:
            synced = await sync_centers(session, specs=runtime.centers.centers, now=now)
            own.center_ids = {row.slug: row.id for row in synced}
            _identity, citizen, _new = await get_or_create_identity(
                session, center_id=own.center_ids[center], channel=channel, address=address, now=now
            )
            citizen.locale = language
            citizen.locale_confirmed = True
        trial = Trial(
            secrets.token_urlsafe(12), staff_id, center, channel, language, address, own, folder, now
        )
        self._trials[trial.id] = trial
        return trial

    def get(self, trial_id: str, *, staff_id: int) -> Trial | None:
        """A trial of this staff member, if it is still open."""
        trial = self._trials.get(trial_id)
        return trial if trial is not None and trial.staff_id == staff_id else None

    async def send(self, trial: Trial, text: str, *, button: str | None = None) -> list[TrialLine]:
        """The staff member writes (or presses a button) as the citizen; the bot's answers."""
        async with trial.lock:
            trial.last_used = trial.runtime.clock.now()
            shown = dict(trial.buttons)
            line = button if button is not None and button in shown else text
            trial.lines.append(TrialLine(False, shown.get(line, text)))
            rows = await chat_turn(
                trial.runtime, center=trial.center, channel=trial.channel, address=trial.address, line=line,
                shown_keys=set(shown),
            )  # fmt: skip
            answers = [_line(row) for row in rows]
            trial.lines.extend(answers)
            del trial.lines[:-MAX_LINES]
            async with trial.runtime.sessions() as session:
                trial.cases, _more = await list_cases(
                    session, center_id=trial.runtime.center_ids[trial.center], filters=QueueFilter(),
                    cursor=None, limit=20,
                )  # fmt: skip
            return answers

    async def end(self, trial: Trial) -> None:
        """Close a trial: its database is deleted."""
        self._trials.pop(trial.id, None)
        await trial.runtime.close()
        await asyncio.to_thread(shutil.rmtree, trial.folder, True)

    async def sweep(self, now: datetime) -> None:
        """End trials unused for an hour."""
        for trial in [trial for trial in self._trials.values() if now - trial.last_used > IDLE]:
            await self.end(trial)

    async def close(self) -> None:
        """End every trial and drop the schema copy (at shutdown)."""
        for trial in list(self._trials.values()):
            await self.end(trial)
        if self._template is not None:
            await asyncio.to_thread(shutil.rmtree, self._template.parent, True)
            self._template = None


TRIALS = TrialRooms()
