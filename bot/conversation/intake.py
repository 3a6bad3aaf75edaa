"""Making inbound messages durable: stored in the database (many in one transaction), else spooled.

A webhook waits here until its message is durable, then acknowledges. Messages that arrive while a
transaction is being written go together into the next one (group commit): under load one commit serves
dozens of requests instead of each waiting its turn for the connection. The answers come later, from the
conversation workers, which give way while messages are being accepted (``Intake.wait_quiet``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import exc
from sqlalchemy.ext.asyncio import AsyncSession

from bot.inbound import InboundEvent
from frontdesk.runtime import Runtime
from storage.centers import get_center_by_slug
from storage.messages import NewInbound, inbound_key, store_inbound_batch
from storage.models import OutboxMessage
from storage.spool import Spool

logger = logging.getLogger(__name__)
# Whatever keeps the database from taking a message: it goes to the spool instead.
STORAGE_ERRORS = (exc.SQLAlchemyError, OSError, TimeoutError)
# Errors about one statement's values, not about the database being there: worth trying one message at a time.
REFUSALS = (exc.DataError, exc.IntegrityError, exc.ProgrammingError, exc.NotSupportedError)
# Messages written in one transaction at most; more wait for the next.
MAX_BATCH = 256


class UnknownCenter(LookupError):
    """No active center has this slug or number."""


class NotDurable(RuntimeError):
    """Neither the database nor the spool could keep a message: the provider must send it again."""


@dataclass
class Handled:
    """What became of an inbound message."""

    inbound_id: int | None
    duplicate: bool = False
    spooled: bool = False
    center_id: int | None = None
    outbox: list[OutboxMessage] = field(default_factory=list)


def spool_of(runtime: Runtime) -> Spool:
    """The local spool of this service."""
    return Spool(runtime.settings.spool_dir)


async def accept_inbound(runtime: Runtime, event: InboundEvent) -> Handled:
    """Make a message durable: stored in the database, else spooled; NotDurable when neither can keep it."""
    (outcome,) = await accept_batch(runtime, [event])
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


async def accept_batch(runtime: Runtime, events: Sequence[InboundEvent]) -> list[Handled | Exception]:
    """Make messages durable, in order: one transaction, else the spool; per message, what became of it.

    A message's outcome is an exception (NotDurable, UnknownCenter) when it could not be kept.
    """
    spool = spool_of(runtime)
    # While older messages wait in the spool, newer ones queue behind them so each citizen keeps order.
    if not spool.has_pending():
        try:
            return await store_events(runtime, events)
        except STORAGE_ERRORS as error:
            if len(events) > 1 and _refused(error):
                # The database refused one of them, not every message: one transaction each finds which.
                return [outcome for event in events for outcome in await accept_batch(runtime, [event])]
            logger.warning("inbound not stored (%s): spooling %d", type(error).__name__, len(events))
    outcomes: list[Handled | Exception] = []
    for event in events:
        try:
            await asyncio.to_thread(spool.write, event.to_record())
        except OSError as error:
            outcomes.append(NotDurable(f"spool refused the message: {type(error).__name__}"))
        else:
            outcomes.append(Handled(None, spooled=True))
    return outcomes


def _refused(error: BaseException) -> bool:
    """The database refused what was written (a value, a constraint), rather than being unavailable."""
    if isinstance(error, REFUSALS):
        return True
    # A value that could not even be sent (a bind parameter the driver refused).
    return isinstance(error, exc.StatementError) and not isinstance(error, exc.DBAPIError)


async def store_event(runtime: Runtime, event: InboundEvent) -> Handled:
    """Store a message in the database; a redelivered provider id is reported as a duplicate."""
    (outcome,) = await store_events(runtime, [event])
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


async def store_events(runtime: Runtime, events: Sequence[InboundEvent]) -> list[Handled | Exception]:
    """Store messages in one transaction (a few Core statements, no unit of work); duplicates reported."""
    async with runtime.sessions.begin() as session:
        centers = [await _center_id(runtime, session, event.center_slug) for event in events]
        messages = [
            NewInbound(
                center_id,
                event.channel,
                event.provider_id,
                event.address,
                event.kind,
                event.text or None,
                event.stored_payload(),
            )
            for event, center_id in zip(events, centers, strict=True)
            if center_id is not None
        ]
        stored = await store_inbound_batch(session, messages=messages, now=runtime.clock.now())
    outcomes: list[Handled | Exception] = []
    for event, center_id in zip(events, centers, strict=True):
        if center_id is None:
            outcomes.append(UnknownCenter(event.center_slug))
            continue
        inbound_id = stored.pop(inbound_key(event.channel, event.provider_id), None)
        if inbound_id is None:
            logger.info("duplicate delivery ignored: channel=%s center=%s", event.channel, event.center_slug)
            outcomes.append(Handled(None, duplicate=True, center_id=center_id))
        else:
            outcomes.append(Handled(inbound_id, center_id=center_id))
    return outcomes


async def _center_id(runtime: Runtime, session: AsyncSession, slug: str) -> int | None:
    known = runtime.center_ids.get(slug)
    if known is not None:
        return known
    center = await get_center_by_slug(session, slug=slug)
    return None if center is None else center.id


class Intake:
    """Accepts messages for the webhooks: those arriving together are written in one transaction.

    ``busy`` counts messages not yet durable; the conversation workers wait for it to fall to zero before
    each citizen they answer (at most ``patience`` seconds), so acknowledgements come first under load.
    """

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._waiting: list[tuple[InboundEvent, asyncio.Future[Handled]]] = []
        self._writer: asyncio.Task[None] | None = None
        self.busy = 0
        self._quiet = asyncio.Event()
        self._quiet.set()

    async def accept(self, event: InboundEvent) -> Handled:
        """Make one message durable (with whatever else arrives meanwhile); raises as ``accept_inbound``."""
        future: asyncio.Future[Handled] = asyncio.get_running_loop().create_future()
        self._waiting.append((event, future))
        self.busy += 1
        self._quiet.clear()
        try:
            if self._writer is None or self._writer.done():
                self._writer = asyncio.create_task(self._write())
            return await future
        finally:
            self.busy -= 1
            if self.busy == 0:
                self._quiet.set()

    async def wait_quiet(self, patience: float) -> None:
        """Return once no message waits to be made durable, or after ``patience`` seconds at most."""
        if self.busy:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._quiet.wait(), patience)

    async def _write(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting[:MAX_BATCH], self._waiting[MAX_BATCH:]
            try:
                outcomes = await accept_batch(self._runtime, [event for event, _future in batch])
            except Exception as error:
                # A bug, not an outage: every request of the batch fails loudly rather than hanging.
                logger.exception("inbound batch failed: %s", type(error).__name__)
                outcomes = [error] * len(batch)
            except BaseException:
                for _event, future in batch:
                    future.cancel()
                raise
            for (_event, future), outcome in zip(batch, outcomes, strict=True):
                if future.done():
                    continue  # the request went away; the message is kept all the same
                if isinstance(outcome, Exception):
                    future.set_exception(outcome)
                else:
                    future.set_result(outcome)
