"""The outbox as a work queue: atomic claims, send outcomes and forward-only delivery receipts."""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage import claims
from storage.claims import claim_statement, claim_with_lease
from storage.enums import OutboxStatus
from storage.models import ChannelIdentity, DeliveryReceipt, OutboxMessage
from storage.upsert import insert_ignoring_conflict

# A row claimed longer ago than this belongs to a sender that died; it is claimed again.
CLAIM_LEASE = timedelta(minutes=2)
_WORKER = sa.bindparam("claim_worker", type_=sa.String())
# The sender's updates name the table, not the mapped class: Core statements, without the ORM's bulk-update
# path (which evaluated the WHERE clause against the session's objects, of which these sessions hold none).
OUTBOX_TABLE = cast(sa.Table, OutboxMessage.__table__)
OUTBOX = OUTBOX_TABLE.c


@functools.cache
def _claim_statement(limit: int) -> Any:
    """The outbox's claim, built once per limit (the worker's name is bound at execution)."""
    earlier = aliased(OutboxMessage)
    # A citizen's messages arrive in order: a row waits while an earlier one to the same address is unsent.
    earlier_waiting = (
        sa.select(earlier.id)
        .where(
            earlier.channel == OutboxMessage.channel,
            earlier.to_address == OutboxMessage.to_address,
            earlier.status.in_((OutboxStatus.PENDING, OutboxStatus.SENDING)),
            earlier.id < OutboxMessage.id,
        )
        .exists()
    )
    return claim_statement(
        OutboxMessage, limit=limit, pending=OutboxStatus.PENDING, claimed=OutboxStatus.SENDING,
        order_by=(OutboxMessage.next_attempt_at, OutboxMessage.id), where=(~earlier_waiting,),
        values={"claimed_by": _WORKER, "updated_at": claims.NOW},
    )  # fmt: skip


async def claim_due(session: AsyncSession, *, now: datetime, limit: int, worker: str) -> list[OutboxMessage]:
    """Claim up to ``limit`` due rows in one ``UPDATE … RETURNING`` (exact on SQLite and PostgreSQL)."""
    rows = await claim_with_lease(
        session, OutboxMessage, now=now, limit=limit, lease=CLAIM_LEASE, pending=OutboxStatus.PENDING,
        claimed=OutboxStatus.SENDING, statement=_claim_statement(limit), parameters={_WORKER.key: worker},
    )  # fmt: skip
    return sorted(rows, key=lambda row: (row.next_attempt_at, row.id))


async def record_sent(
    session: AsyncSession,
    *,
    outbox_id: int,
    provider_id: str,
    status: OutboxStatus,
    now: datetime,
    blank: bool = False,
    receipts: bool = True,
) -> None:
    """The provider accepted the message; later receipts for its id may already be waiting.

    ``receipts`` is False for a provider that sends none (Telegram): nothing can be waiting.
    """
    parameters = {"b_id": outbox_id, "b_status": status, "b_provider_id": provider_id, "b_now": now}
    await session.execute(_sent_statement(blank), parameters)
    if not receipts:
        return
    waiting = await session.scalars(
        sa.select(DeliveryReceipt.status).where(DeliveryReceipt.provider_id == provider_id)
    )
    latest = max(waiting.all(), key=lambda receipt: receipt.rank, default=None)
    if latest is not None:
        await _move_forward(session, provider_id=provider_id, status=latest, now=now)


@functools.cache
def _sent_statement(blank: bool) -> Any:
    # Built once (per message sent otherwise), the values bound at execution.
    values: dict[str, Any] = {
        "status": sa.bindparam("b_status", type_=OUTBOX.status.type),
        "provider_id": sa.bindparam("b_provider_id", type_=OUTBOX.provider_id.type),
        "sent_at": sa.bindparam("b_now", type_=OUTBOX.sent_at.type),
        "updated_at": sa.bindparam("b_now", type_=OUTBOX.updated_at.type),
    }
    if blank:
        # The farewell to an erased citizen: keep that it was sent, not to whom or what.
        values.update(to_address="", body="", payload={})
    return (
        sa.update(OUTBOX_TABLE)
        .where(OUTBOX.id == sa.bindparam("b_id"), OUTBOX.status == OutboxStatus.SENDING)
        .values(**values)
    )


async def record_retry(
    session: AsyncSession, *, outbox_id: int, next_attempt_at: datetime, error: str, now: datetime
) -> None:
    """A temporary failure: try again later."""
    await session.execute(
        sa.update(OUTBOX_TABLE)
        .where(OUTBOX.id == outbox_id, OUTBOX.status == OutboxStatus.SENDING)
        .values(
            status=OutboxStatus.PENDING,
            next_attempt_at=next_attempt_at,
            last_error=error[:200],
            updated_at=now,
        )
    )


async def record_final(
    session: AsyncSession, *, outbox_id: int, status: OutboxStatus, error: str, now: datetime
) -> None:
    """A permanent failure, or a message that must not be sent (opt-out, blocked, not allowed)."""
    await session.execute(
        sa.update(OUTBOX_TABLE)
        .where(OUTBOX.id == outbox_id, OUTBOX.status.in_((OutboxStatus.SENDING, OutboxStatus.PENDING)))
        .values(status=status, last_error=error[:200], updated_at=now)
    )


async def apply_receipt(
    session: AsyncSession, *, provider_id: str, status: OutboxStatus, error_code: str | None, now: datetime
) -> OutboxMessage | None:
    """Keep a delivery receipt and move the message's status forward (never back); the row if known."""
    await insert_ignoring_conflict(
        session,
        DeliveryReceipt,
        {"provider_id": provider_id, "status": status.value, "error_code": error_code, "received_at": now},
        ["provider_id", "status"],
    )
    await _move_forward(session, provider_id=provider_id, status=status, now=now)
    if error_code and status in (OutboxStatus.UNDELIVERED, OutboxStatus.FAILED):
        # The transcript shows staff why their message did not arrive.
        await session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.provider_id == provider_id, OutboxMessage.status == status)
            .values(last_error=f"twilio {error_code}"[:200])
        )
    return await session.scalar(sa.select(OutboxMessage).where(OutboxMessage.provider_id == provider_id))


async def _move_forward(
    session: AsyncSession, *, provider_id: str, status: OutboxStatus, now: datetime
) -> None:
    earlier = [
        candidate
        for candidate in OutboxStatus
        if candidate.rank < status.rank and candidate is not OutboxStatus.PENDING
    ]
    await session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.provider_id == provider_id, OutboxMessage.status.in_(earlier))
        .values(status=status, updated_at=now)
    )


async def count_sent_since(
    session: AsyncSession, *, since: datetime, center_id: int, to_address: str | None = None
) -> int:
    """Messages handed to the provider since a moment, for one center (and one address)."""
    statement = sa.select(sa.func.count()).where(
        OutboxMessage.center_id == center_id,
        OutboxMessage.sent_at >= since,
    )
    if to_address is not None:
        statement = statement.where(OutboxMessage.to_address == to_address)
    return int(await session.scalar(statement) or 0)


async def mark_identity_unreachable(
    session: AsyncSession, *, identity_id: int | None, reason: str, now: datetime
) -> None:
    """Stop sending to an address the provider says cannot receive (blocked, opted out, invalid)."""
    if identity_id is None:
        return
    await session.execute(
        sa.update(ChannelIdentity)
        .where(ChannelIdentity.id == identity_id)
        .values(unreachable_at=now, unreachable_reason=reason[:64])
    )


async def latest_choices(
    session: AsyncSession, *, identity_id: int, since: datetime
) -> tuple[list[str], list[str]]:
    """The neutral choice keys and shown labels of the newest message to a citizen, if it came after ``since``."""
    payload = await session.scalar(
        sa.select(OutboxMessage.payload)
        .where(OutboxMessage.identity_id == identity_id, OutboxMessage.created_at >= since)
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )
    if not payload or not payload.get("choice_keys"):
        return [], []
    labels = [str(choice.get("label", "")) for choice in payload.get("choices", [])]
    return [str(key) for key in payload["choice_keys"]], labels


async def mark_delivered_by_simulator(session: AsyncSession, *, outbox_ids: list[int], now: datetime) -> None:
    """The citizen simulator is the provider: its messages count as sent, so no sender sends them again."""
    await session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id.in_(outbox_ids), OutboxMessage.status == OutboxStatus.PENDING)
        .values(
            status=OutboxStatus.SENT,
            sent_at=now,
            updated_at=now,
            provider_id=sa.literal("sim-") + sa.cast(OutboxMessage.id, sa.String),
        )
    )
