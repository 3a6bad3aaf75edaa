"""Inbound messages (stored before anything else) and the outbox."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.enums import Channel, InboundKind, InboundStatus, OutboxStatus
from storage.models import InboundMessage, OutboxMessage
from storage.upsert import insert_ignoring_conflict


def without_nul(value: Any) -> Any:
    """The value with NUL characters removed from every string in it (PostgreSQL refuses them in text)."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {without_nul(key): without_nul(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [without_nul(item) for item in value]
    return value


async def store_inbound(
    session: AsyncSession,
    *,
    center_id: int,
    channel: Channel,
    provider_id: str,
    address: str,
    kind: InboundKind,
    text: str | None,
    payload: dict[str, Any],
    now: datetime,
) -> int | None:
    """Store a delivered message; None when this provider id was stored before (a redelivery)."""
    values = {
        "center_id": center_id,
        "channel": channel.value,
        "provider_id": without_nul(provider_id),
        "address": without_nul(address),
        "kind": kind.value,
        "text": without_nul(text),
        "payload": without_nul(payload),
        "status": InboundStatus.RECEIVED.value,
        "received_at": now,
    }
    return await insert_ignoring_conflict(session, InboundMessage, values, ["channel", "provider_id"])


@dataclass(frozen=True)
class NewInbound:
    """One delivered message to store (``store_inbound_batch``)."""

    center_id: int
    channel: Channel
    provider_id: str
    address: str
    kind: InboundKind
    text: str | None
    payload: dict[str, Any]


def inbound_key(channel: Channel, provider_id: str) -> tuple[str, str]:
    """What makes two deliveries the same message: the channel and the provider's id, as stored."""
    return channel.value, without_nul(provider_id)


async def store_inbound_batch(
    session: AsyncSession, *, messages: Sequence[NewInbound], now: datetime
) -> dict[tuple[str, str], int]:
    """Store delivered messages in one statement, in the order given; the new ones' ids by ``inbound_key``.

    A provider id stored before (a redelivery), or twice in the batch, is left out of the answer the second
    time: the caller tells duplicates by their absence.
    """
    if not messages:
        return {}
    table = InboundMessage.__table__
    module: Any = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        module.insert(table)
        .on_conflict_do_nothing(index_elements=["channel", "provider_id"])
        .returning(table.c.id, table.c.channel, table.c.provider_id)
    )
    rows = [
        {
            "center_id": message.center_id,
            "channel": message.channel.value,
            "provider_id": without_nul(message.provider_id),
            "address": without_nul(message.address),
            "kind": message.kind.value,
            "text": without_nul(message.text),
            "payload": without_nul(message.payload),
            "status": InboundStatus.RECEIVED.value,
            "attempts": 0,
            "received_at": now,
        }
        for message in messages
    ]
    result = await session.execute(statement, rows)
    return {(Channel(channel).value, provider_id): row_id for row_id, channel, provider_id in result.all()}


@functools.cache
def _unanswered_statement(limit: int) -> sa.Select[InboundMessage]:
    # Built once (per limit), values bound at execution: building and keying the statement for every message
    # cost more CPU than running it (the same for the other statements of a turn).
    return (
        sa.select(InboundMessage)
        .where(
            InboundMessage.center_id == sa.bindparam("center_id"),
            InboundMessage.channel == sa.bindparam("channel"),
            InboundMessage.address == sa.bindparam("address"),
            # Written out, not bound: only then can the planner use the partial index of waiting messages.
            InboundMessage.status == sa.literal_column("'received'"),
        )
        .order_by(InboundMessage.id)
        .limit(limit)
    )


async def list_unanswered(
    session: AsyncSession, *, center_id: int, channel: Channel, address: str, limit: int = 100
) -> list[InboundMessage]:
    """The citizen's stored messages still waiting for an answer, oldest first."""
    parameters = {"center_id": center_id, "channel": channel, "address": address}
    return list((await session.scalars(_unanswered_statement(limit), parameters)).all())


@functools.cache
def _status_statement() -> sa.Select[InboundStatus]:
    return sa.select(InboundMessage.status).where(InboundMessage.id == sa.bindparam("id")).with_for_update()


async def lock_inbound_status(session: AsyncSession, *, inbound_id: int) -> InboundStatus | None:
    """A message's status, its row locked until the transaction ends (FOR UPDATE on PostgreSQL)."""
    return await session.scalar(_status_statement(), {"id": inbound_id})


async def list_waiting_writers(session: AsyncSession, *, limit: int = 200) -> list[tuple[int, Channel, str]]:
    """Who has messages waiting for a first answer attempt, longest waiting first (center, channel, address)."""
    first = sa.func.min(InboundMessage.id)
    statement = (
        sa.select(InboundMessage.center_id, InboundMessage.channel, InboundMessage.address)
        .where(InboundMessage.status == InboundStatus.RECEIVED, InboundMessage.attempts == 0)
        .group_by(InboundMessage.center_id, InboundMessage.channel, InboundMessage.address)
        .order_by(first)
        .limit(limit)
    )
    rows = (await session.execute(statement)).all()
    return [(center_id, channel, address or "") for center_id, channel, address in rows]


async def list_stranded_inbound(session: AsyncSession, *, before: datetime, limit: int = 200) -> list[int]:
    """Ids of messages stored before ``before`` and never answered (their handler crashed or restarted)."""
    statement = (
        sa.select(InboundMessage.id)
        .where(InboundMessage.status == InboundStatus.RECEIVED, InboundMessage.received_at < before)
        .order_by(InboundMessage.id)
        .limit(limit)
    )
    return list((await session.scalars(statement)).all())


async def record_inbound_failure(
    session: AsyncSession, *, inbound_id: int, error: str, now: datetime, park_after: int
) -> bool:
    """Count a failed attempt to answer a message; True when it is now parked (too many failures)."""
    row = await session.get_one(InboundMessage, inbound_id, with_for_update=True)
    row.attempts += 1
    row.error = error[:200]
    if row.attempts >= park_after:
        row.status = InboundStatus.PARKED
        row.processed_at = now
        return True
    return False


async def mark_inbound(
    session: AsyncSession,
    *,
    inbound_id: int,
    status: InboundStatus,
    now: datetime,
    identity_id: int | None = None,
    error: str | None = None,
) -> None:
    """Record how handling an inbound message ended."""
    parameters = {"b_id": inbound_id, "b_status": status, "b_now": now, "b_error": error}
    if identity_id is not None:
        parameters["b_identity_id"] = identity_id
    await session.execute(_mark_statement(identity_id is not None), parameters)


@functools.cache
def _mark_statement(with_identity: bool) -> Any:
    # A Core statement on the table (the ORM's bulk update would look for the row among the session's
    # objects), built once; the values bound at execution.
    table = cast(sa.Table, InboundMessage.__table__)
    values = {
        "status": sa.bindparam("b_status", type_=table.c.status.type),
        "processed_at": sa.bindparam("b_now", type_=table.c.processed_at.type),
        "error": sa.bindparam("b_error", type_=table.c.error.type),
    }
    if with_identity:
        values["identity_id"] = sa.bindparam("b_identity_id", type_=table.c.identity_id.type)
    return sa.update(table).where(table.c.id == sa.bindparam("b_id")).values(**values)


async def enqueue_outbound_once(session: AsyncSession, *, dedupe_key: str, **values: Any) -> int | None:
    """Queue a message unless one with this dedupe key was queued before; its id, or None."""
    now = values["now"]
    row = {key: value for key, value in values.items() if key != "now"} | {
        "status": OutboxStatus.PENDING.value,
        "channel": values["channel"].value,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
        "updated_at": now,
        "dedupe_key": dedupe_key,
    }
    return await insert_ignoring_conflict(session, OutboxMessage, row, ["dedupe_key"])


async def enqueue_outbound(
    session: AsyncSession,
    *,
    center_id: int,
    identity_id: int | None,
    channel: Channel,
    to_address: str,
    locale: str,
    body: str,
    payload: dict[str, Any],
    now: datetime,
    inbound_id: int | None = None,
    case_id: int | None = None,
    staff_id: int | None = None,
    dedupe_key: str | None = None,
) -> OutboxMessage:
    """Queue a rendered message for the sender, in the caller's transaction."""
    message = OutboxMessage(
        center_id=center_id,
        identity_id=identity_id,
        channel=channel,
        to_address=to_address,
        locale=locale,
        body=body,
        payload=payload,
        status=OutboxStatus.PENDING,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
        updated_at=now,
        inbound_id=inbound_id,
        case_id=case_id,
        staff_id=staff_id,
        dedupe_key=dedupe_key,
    )
    session.add(message)
    await session.flush()
    return message
