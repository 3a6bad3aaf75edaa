"""The one path of every inbound message: store (``intake``), lock the conversation, answer, render, queue."""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from bot.channels.rendered import Rendered
from bot.conversation.dialogue import answer
from bot.conversation.intake import Handled, accept_inbound
from bot.conversation.turn import Turn
from bot.delivery.notify import queue_pages, render_for
from bot.inbound import InboundEvent
from bot.outbound import N_, Outbound, merge_messages
from bot.understanding.keywords import Command, detect_command
from frontdesk.runtime import Runtime
from storage.centers import list_areas
from storage.citizens import get_or_create_identity
from storage.conversations import lock_conversation
from storage.enums import Channel, InboundStatus
from storage.messages import (
    list_unanswered,
    lock_inbound_status,
    mark_inbound,
    record_inbound_failure,
)
from storage.models import Area, Center, InboundMessage, OutboxMessage

logger = logging.getLogger(__name__)
ATTEMPTS = 5
_locks: weakref.WeakValueDictionary[tuple[int, str, str], asyncio.Lock] = weakref.WeakValueDictionary()
APOLOGY = N_("Sorry, something went wrong with your last message. Please write it again in a few words.")


def _lock_for(key: tuple[int, str, str]) -> asyncio.Lock:
    # One citizen's messages one at a time inside this process; the row locks (PostgreSQL) and the
    # conversation's version column (any engine) cover several processes.
    lock = _locks.get(key)
    if lock is None:
        lock = asyncio.Lock()
        _locks[key] = lock
    return lock


async def handle_inbound(runtime: Runtime, event: InboundEvent) -> Handled:
    """Make the message durable, then answer the citizen's waiting messages in arrival order."""
    accepted = await accept_inbound(runtime, event)
    if accepted.inbound_id is None or accepted.center_id is None:
        return accepted
    outbox = await answer_waiting(runtime, accepted.center_id, event.channel, event.address)
    return Handled(accepted.inbound_id, center_id=accepted.center_id, outbox=outbox)


async def answer_stored(runtime: Runtime, inbound_id: int) -> Handled:
    """Answer a message stored earlier but never answered, with whatever its writer sent before it."""
    async with runtime.sessions() as session:
        row = await session.get_one(InboundMessage, inbound_id)
    outbox = await answer_waiting(runtime, row.center_id, row.channel, row.address or "")
    return Handled(inbound_id, center_id=row.center_id, outbox=outbox)


async def answer_waiting(
    runtime: Runtime,
    center_id: int,
    channel: Channel,
    address: str,
    before_each: Callable[[], Awaitable[None]] | None = None,
) -> list[OutboxMessage]:
    """Answer a citizen's stored messages one by one, oldest first, whichever request stored them.

    Messages stored once this has begun are left to the next call: whoever stores one asks for it (the
    workers, the answering processes' poll, the spool and inbound jobs). ``before_each`` is awaited before
    each message (the workers give way to acknowledgements there).
    """
    rows: list[OutboxMessage] = []
    async with _lock_for((center_id, channel.value, address)):
        center, _areas = await known_center(runtime, center_id)
        async with runtime.sessions() as session:
            waiting = await list_unanswered(session, center_id=center_id, channel=channel, address=address)
        for row in waiting:
            if before_each is not None:
                await before_each()
            answered = await _answer_with_retries(runtime, center_id, row, _event_of(center.slug, row))
            if answered is None:
                return rows  # the database is struggling: the inbound job tries again later
            rows.extend(answered)
    return rows


async def known_center(runtime: Runtime, center_id: int) -> tuple[Center, list[Area]]:
    """A center and its active areas, read once per process: they change only when the centers file is synced.

    The rows are detached copies, shared by every turn and only read.
    """
    known = runtime.center_rows.get(center_id)
    if known is None:
        async with runtime.sessions() as session:
            known = (await session.get_one(Center, center_id), await list_areas(session, center_id=center_id))
        runtime.center_rows[center_id] = known
    return known


async def _answer_with_retries(
    runtime: Runtime, center_id: int, row: InboundMessage, event: InboundEvent
) -> list[OutboxMessage] | None:
    """The replies to one message; None when the database kept failing (the message stays waiting)."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return await _answer(runtime, center_id, row.id, event)
        except (StaleDataError, OperationalError) as error:
            # Another replica handled a message of the same citizen meanwhile: read again and retry.
            logger.warning(
                "conversation busy (attempt %d): inbound=%d %s", attempt, row.id, type(error).__name__
            )
            await asyncio.sleep(0.05 * attempt)
        except Exception as error:
            logger.exception("inbound %d failed: %s", row.id, type(error).__name__)
            return await _record_failure(runtime, center_id, row, error)
    return None


def _event_of(slug: str, row: InboundMessage) -> InboundEvent:
    payload = dict(row.payload)
    button = payload.pop("button", None)
    return InboundEvent(
        slug, row.channel, row.address or "", row.provider_id, row.kind, row.text or "", button, payload
    )


async def _answer(
    runtime: Runtime, center_id: int, inbound_id: int, event: InboundEvent
) -> list[OutboxMessage]:
    now = runtime.clock.now()
    async with runtime.sessions.begin() as session:
        status = await lock_inbound_status(session, inbound_id=inbound_id)
        if status is not InboundStatus.RECEIVED:
            return []  # answered meanwhile by another worker (the stranded-message job, another replica)
        center, areas = await known_center(runtime, center_id)
        identity, citizen, _created = await get_or_create_identity(
            session, center_id=center.id, channel=event.channel, address=event.address, now=now
        )
        citizen.last_seen_at = now
        conversation = await lock_conversation(session, center_id=center.id, identity_id=identity.id, now=now)
        turn = Turn(
            session, center, citizen, identity, conversation, inbound_id, now, areas, runtime.new_reference
        )
        identity_id = identity.id
        if event.text and detect_command(event.text) is Command.MORE and conversation.pending_pages:
            first, *rest = conversation.pending_pages
            pages = [Rendered(first["body"], (), first["payload"])]
            conversation.pending_pages = rest
        else:
            pages, held = _render(merge_messages(await answer(turn, event)), turn)
            if not turn.erased:
                conversation.pending_pages = [{"body": page.body, "payload": page.payload} for page in held]
        rows = await queue_pages(
            session,
            center_id=center.id,
            identity_id=None if turn.erased else identity_id,
            channel=event.channel,
            address=event.address,
            locale=turn.language.value,
            pages=[Rendered(page.body, page.choices, _payload(page, turn)) for page in pages],
            now=now,
            inbound_id=None if turn.erased else inbound_id,
        )
        # After erasure the message itself is gone with the rest of the citizen's data.
        if not turn.erased:
            await mark_inbound(
                session,
                inbound_id=inbound_id,
                status=InboundStatus.PROCESSED,
                now=now,
                identity_id=identity_id,
            )
    return rows


def _render(messages: list[Outbound], turn: Turn) -> tuple[list[Rendered], list[Rendered]]:
    """Pages to send now, and SMS pages held back until the citizen replies MORE."""
    send: list[Rendered] = []
    held: list[Rendered] = []
    for message in messages:
        pages = render_for(message, channel=turn.channel, locale=turn.language.value, center=turn.center)
        if turn.channel is Channel.TELEGRAM or message.essential:
            send.extend(pages)
        elif held:
            held.extend(pages)
        else:
            send.append(pages[0])
            held.extend(pages[1:])
    return send, held


def _payload(page: Rendered, turn: Turn) -> dict[str, Any]:
    payload = dict(page.payload)
    payload["choices"] = [{"key": choice.key, "label": choice.label} for choice in page.choices]
    if turn.identity.opted_out_at is not None:
        # Written to an opted-out citizen on purpose (STOP's confirmation, crisis helplines).
        payload["despite_opt_out"] = True
    if turn.erased:
        # The last message to an erased citizen: the sender blanks the row once it is sent.
        payload["erase_after_send"] = True
    return payload


async def _record_failure(
    runtime: Runtime, center_id: int, row: InboundMessage, error: BaseException
) -> list[OutboxMessage] | None:
    """Count a failed answer; past the limit, park the message and apologise so the rest can go on."""
    now = runtime.clock.now()
    async with runtime.sessions.begin() as session:
        parked = await record_inbound_failure(
            session, inbound_id=row.id, error=type(error).__name__, now=now,
            park_after=runtime.settings.inbound_attempts,
        )  # fmt: skip
        if not parked:
            return None
        logger.warning(
            "inbound %d parked after %d failed attempts", row.id, runtime.settings.inbound_attempts
        )
        return await _apologise(session, center_id, row, now)


async def _apologise(
    session: AsyncSession, center_id: int, row: InboundMessage, now: datetime
) -> list[OutboxMessage]:
    center = await session.get_one(Center, center_id)
    identity, citizen, _created = await get_or_create_identity(
        session, center_id=center_id, channel=row.channel, address=row.address or "", now=now
    )
    locale = citizen.locale.value
    pages = render_for(Outbound.say(APOLOGY), channel=row.channel, locale=locale, center=center)
    # Sent whether or not the citizen chose a language yet: the apology is the only way they learn of it.
    return await queue_pages(
        session, center_id=center_id, identity_id=identity.id, channel=row.channel,
        address=row.address or "", locale=locale, pages=pages, now=now, inbound_id=row.id,
    )  # fmt: skip
