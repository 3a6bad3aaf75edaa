"""The audit log of your center, for administrators."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from api.deps import MAX_ID, UNAUTHORIZED, Admin, SessionDep
from storage.enums import AuditActor
from storage.models import AuditEvent

router = APIRouter(prefix="/api/v1/audit", tags=["audit"], responses=UNAUTHORIZED)


class AuditOut(BaseModel):
    """One audit event."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor: AuditActor
    staff_id: int | None
    action: str
    object_type: str
    object_id: str | None
    details: dict[str, Any]


class AuditPage(BaseModel):
    """Newest events first; ``next_cursor`` is the id to continue below."""

    items: list[AuditOut]
    next_cursor: int | None


@router.get("", responses={403: {"description": "Needs the admin role"}})
async def audit_log(
    session: SessionDep,
    staff: Admin,
    object_type: str | None = None,
    object_id: str | None = None,
    cursor: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> AuditPage:
    """Who read or changed what, and when, at your center."""
    statement = sa.select(AuditEvent).where(AuditEvent.center_id == staff.center_id)
    if object_type:
        statement = statement.where(AuditEvent.object_type == object_type)
    if object_id:
        statement = statement.where(AuditEvent.object_id == object_id)
    if cursor:
        statement = statement.where(AuditEvent.id < cursor)
    rows = list((await session.scalars(statement.order_by(AuditEvent.id.desc()).limit(limit + 1))).all())
    next_cursor = rows[limit - 1].id if len(rows) > limit else None
    return AuditPage(items=[AuditOut.model_validate(row) for row in rows[:limit]], next_cursor=next_cursor)
