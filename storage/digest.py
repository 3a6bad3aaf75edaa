"""The coordinator's digest: unclaimed urgent cases, cases past their answer target, undelivered messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.alerts import list_unclaimed_urgent
from storage.audit import record_audit
from storage.cases import OPEN_STATUSES
from storage.enums import AuditActor, OutboxStatus
from storage.models import Case, OutboxMessage, Staff

UNDELIVERED = (OutboxStatus.FAILED, OutboxStatus.UNDELIVERED)


async def overdue_cases(
    session: AsyncSession, *, center_id: int, now: datetime, limit: int = 200
) -> list[Case]:
    """Open cases whose answer target has passed, most urgent first."""
    rows = await session.scalars(
        sa.select(Case)
        .where(Case.center_id == center_id, Case.status.in_(OPEN_STATUSES), Case.due_at < now)
        .order_by(Case.priority_rank, Case.created_at)
        .limit(limit)
    )
    return list(rows.all())


async def undelivered_messages(
    session: AsyncSession, *, center_id: int, since: datetime, limit: int = 200
) -> list[OutboxMessage]:
    """Messages to citizens that failed for good since a moment, newest first."""
    rows = await session.scalars(
        sa.select(OutboxMessage)
        .where(
            OutboxMessage.center_id == center_id,
            OutboxMessage.status.in_(UNDELIVERED),
            OutboxMessage.updated_at >= since,
        )
        .order_by(OutboxMessage.updated_at.desc())
        .limit(limit)
    )
    return list(rows.all())


@dataclass(frozen=True)
class Digest:
    """What needs a coordinator's attention: urgent cases nobody took, late cases, messages that failed for good."""

    unclaimed_urgent: list[Case]
    overdue: list[Case]
    undelivered: list[OutboxMessage]


async def read_digest(session: AsyncSession, *, staff: Staff, now: datetime, since: datetime) -> Digest:
    """The digest of the staff member's center; the audit log records the cases shown."""
    urgent = await list_unclaimed_urgent(session, center_id=staff.center_id)
    late = await overdue_cases(session, center_id=staff.center_id, now=now)
    failed = await undelivered_messages(session, center_id=staff.center_id, since=since)
    await record_audit(
        session, center_id=staff.center_id, actor=AuditActor.STAFF, staff_id=staff.id, action="digest.read",
        object_type="case", object_id=None, now=now, details={"ids": sorted({case.id for case in [*urgent, *late]})},
    )  # fmt: skip
    return Digest(urgent, late, failed)
