"""Inbound messages (stored before anything else) and the outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.enums import Channel, InboundKind, InboundStatus, OutboxStatus
from storage.models import InboundMessage, OutboxMessage
from storage.upsert import insert_ignoring_conflict


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
        "provider_id": provider_id,
        "address": address,
        "kind": kind.value,
        "text": text,
        "payload": payload,
        "status": InboundStatus.RECEIVED.value,
        "received_at": now,
    }
    return await insert_ignoring_conflict(session, InboundMessage, values, ["channel", "provider_id"])


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
    values: dict[str, Any] = {"status": status, "processed_at": now, "error": error}
    if identity_id is not None:
        values["identity_id"] = identity_id
    await session.execute(sa.update(InboundMessage).where(InboundMessage.id == inbound_id).values(**values))


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
