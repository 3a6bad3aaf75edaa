"""The append-only audit log: writing events and reading them back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.enums import AuditActor
from storage.models import AuditEvent


async def record_audit(
    session: AsyncSession,
    *,
    center_id: int | None,
    actor: AuditActor,
    action: str,
    object_type: str,
    object_id: int | str | None,
    now: datetime,
    staff_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append one event; ``details`` carries ids and codes only, never personal data."""
    session.add(
        AuditEvent(
            center_id=center_id,
            actor=actor,
            staff_id=staff_id,
            action=action,
            object_type=object_type,
            object_id=None if object_id is None else str(object_id),
            details=details or {},
            at=now,
        )
    )
    await session.flush()


async def list_audit_events(
    session: AsyncSession,
    *,
    center_id: int,
    object_type: str | None = None,
    object_id: str | None = None,
    cursor: int | None = None,
    limit: int = 100,
) -> tuple[list[AuditEvent], int | None]:
    """One page of a center's events, newest first, and the id to continue below."""
    statement = sa.select(AuditEvent).where(AuditEvent.center_id == center_id)
    if object_type:
        statement = statement.where(AuditEvent.object_type == object_type)
    if object_id:
        statement = statement.where(AuditEvent.object_id == object_id)
    if cursor:
        statement = statement.where(AuditEvent.id < cursor)
    rows = list((await session.scalars(statement.order_by(AuditEvent.id.desc()).limit(limit + 1))).all())
    next_cursor = rows[limit - 1].id if len(rows) > limit else None
    return rows[:limit], next_cursor
