"""The audit log of your center, for administrators."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from api.deps import MAX_ID, UNAUTHORIZED, Admin, SessionDep
from storage.audit import list_audit_events
from storage.enums import AuditActor

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


@router.get("", summary="Read the audit log", responses={403: {"description": "Needs the admin role"}})
async def audit_log(
    session: SessionDep,
    staff: Admin,
    object_type: str | None = None,
    object_id: str | None = None,
    cursor: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> AuditPage:
    """Who read or changed what, and when, at your center."""
    rows, next_cursor = await list_audit_events(
        session,
        center_id=staff.center_id,
        object_type=object_type,
        object_id=object_id,
        cursor=cursor,
        limit=limit,
    )
    return AuditPage(items=[AuditOut.model_validate(row) for row in rows], next_cursor=next_cursor)
