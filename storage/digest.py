"""The coordinator's digest: cases past their answer target, and messages that could not be delivered."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.cases import OPEN_STATUSES
from storage.enums import OutboxStatus
from storage.models import Case, OutboxMessage

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
