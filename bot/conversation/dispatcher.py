"""The one path of every inbound message: store, lock the conversation, answer, render, queue."""

from __future__ import annotations

import asyncio
import logging
import weakref
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from bot.channels.rendered import Rendered
from bot.channels.sms.render import SmsOptions, render_sms
from bot.channels.telegram.render import render_telegram
from bot.conversation.dialogue import answer
from bot.conversation.turn import Turn
from bot.inbound import InboundEvent
from bot.outbound import Outbound, merge_messages
from bot.understanding.keywords import Command, detect_command
from frontdesk.runtime import Runtime
from storage.centers import get_center_by_slug, list_areas
from storage.citizens import get_or_create_identity
from storage.conversations import lock_conversation
from storage.enums import Channel, InboundStatus
from storage.messages import enqueue_outbound, mark_inbound, store_inbound
from storage.models import Center, InboundMessage, OutboxMessage

logger = logging.getLogger(__name__)
ATTEMPTS = 5
_locks: weakref.WeakValueDictionary[tuple[int, str, str], asyncio.Lock] = weakref.WeakValueDictionary()


class UnknownCenter(LookupError):
    """No active center has this slug or number."""


@dataclass
class Handled:
    """What became of an inbound message."""

    inbound_id: int | None
    duplicate: bool = False
    outbox: list[OutboxMessage] = field(default_factory=list)


def _lock_for(key: tuple[int, str, str]) -> asyncio.Lock:
    # One citizen's messages in order inside this process; the row lock (PostgreSQL) and the
    # conversation's version column (any engine) cover several processes.
    lock = _locks.get(key)
    if lock is None:
        lock = asyncio.Lock()
        _locks[key] = lock
    return lock


async def handle_inbound(runtime: Runtime, event: InboundEvent) -> Handled:
    """Store the message first, then answer it under the conversation lock; a redelivery does nothing."""
    now = runtime.clock.now()
    async with runtime.sessions.begin() as session:
        center = await get_center_by_slug(session, slug=event.center_slug)
        if center is None:
            raise UnknownCenter(event.center_slug)
        inbound_id = await store_inbound(
            session, center_id=center.id, channel=event.channel, provider_id=event.provider_id,
            address=event.address, kind=event.kind, text=event.text or None, payload=event.stored_payload(), now=now,
        )  # fmt: skip
    if inbound_id is None:
        logger.info("duplicate delivery ignored: channel=%s center=%s", event.channel, center.slug)
        return Handled(None, duplicate=True)
    return await _answer_in_order(runtime, center.id, inbound_id, event)


async def answer_stored(runtime: Runtime, inbound_id: int) -> Handled:
    """Answer a message stored earlier but never answered (its handler crashed or restarted)."""
    async with runtime.sessions() as session:
        row = await session.get_one(InboundMessage, inbound_id)
        center = await session.get_one(Center, row.center_id)
    payload = dict(row.payload)
    button = payload.pop("button", None)
    event = InboundEvent(
        center.slug,
        row.channel,
        row.address or "",
        row.provider_id,
        row.kind,
        row.text or "",
        button,
        payload,
    )
    return await _answer_in_order(runtime, center.id, inbound_id, event)


async def _answer_in_order(runtime: Runtime, center_id: int, inbound_id: int, event: InboundEvent) -> Handled:
    async with _lock_for((center_id, event.channel.value, event.address)):
        for attempt in range(1, ATTEMPTS + 1):
            try:
                outbox = await _answer(runtime, center_id, inbound_id, event)
                return Handled(inbound_id, outbox=outbox)
            except (StaleDataError, OperationalError) as error:
                # Another replica handled a message of the same citizen meanwhile: read again and retry.
                logger.warning(
                    "conversation busy (attempt %d): inbound=%d %s", attempt, inbound_id, type(error).__name__
                )
                await asyncio.sleep(0.05 * attempt)
            except Exception as error:
                await _mark_failed(runtime, inbound_id, error)
                raise
    await _mark_failed(runtime, inbound_id, RuntimeError("conversation stayed busy"))
    raise RuntimeError(f"inbound {inbound_id}: conversation stayed busy")


async def _answer(
    runtime: Runtime, center_id: int, inbound_id: int, event: InboundEvent
) -> list[OutboxMessage]:
    now = runtime.clock.now()
    async with runtime.sessions.begin() as session:
        status = await session.scalar(
            sa.select(InboundMessage.status).where(InboundMessage.id == inbound_id).with_for_update()
        )
        if status is not InboundStatus.RECEIVED:
            return []  # answered meanwhile by another worker (the stranded-message job, another replica)
        center = await session.get_one(Center, center_id)
        identity, citizen, _created = await get_or_create_identity(
            session, center_id=center.id, channel=event.channel, address=event.address, now=now
        )
        citizen.last_seen_at = now
        conversation = await lock_conversation(session, center_id=center.id, identity_id=identity.id, now=now)
        areas = await list_areas(session, center_id=center.id)
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
        rows = []
        for page in pages:
            rows.append(
                await enqueue_outbound(
                    session,
                    center_id=center.id,
                    identity_id=None if turn.erased else identity_id,
                    channel=event.channel,
                    to_address=event.address,
                    locale=turn.language.value,
                    body=page.body,
                    payload=_payload(page, turn),
                    now=now,
                    inbound_id=None if turn.erased else inbound_id,
                )
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
    if turn.channel is Channel.TELEGRAM:
        return [page for message in messages for page in render_telegram(message, turn.language.value)], []
    options = SmsOptions(greek_caps=turn.center.greek_caps, segment_cap=turn.center.sms_segment_cap)
    send: list[Rendered] = []
    held: list[Rendered] = []
    for message in messages:
        pages = render_sms(message, turn.language.value, options)
        if message.essential:
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


async def _mark_failed(runtime: Runtime, inbound_id: int, error: BaseException) -> None:
    logger.exception("inbound %d failed: %s", inbound_id, type(error).__name__)
    async with runtime.sessions.begin() as session:
        await mark_inbound(
            session,
            inbound_id=inbound_id,
            status=InboundStatus.FAILED,
            now=runtime.clock.now(),
            error=type(error).__name__,
        )
