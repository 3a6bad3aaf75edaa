"""The daily digest for coordinators: what is late and what did not reach the citizen."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.deps import UNAUTHORIZED, Coordinator, RuntimeDep, SessionDep
from api.routes.cases import case_out, center_slug
from api.schemas.cases import CaseOut
from storage.digest import read_digest
from storage.enums import Channel

router = APIRouter(prefix="/api/v1/digest", tags=["digest"], responses=UNAUTHORIZED)


class UndeliveredOut(BaseModel):
    """A message that failed for good, and why."""

    outbox_id: int
    case_id: int | None
    channel: Channel
    reason: str | None
    written_at: datetime
    failed_at: datetime


class DigestOut(BaseModel):
    """Urgent cases nobody has claimed (first), cases past their answer target, undelivered messages."""

    generated_at: datetime
    unclaimed_urgent: list[CaseOut]
    overdue_cases: list[CaseOut]
    undelivered: list[UndeliveredOut]


@router.get(
    "", summary="Coordinator's digest", responses={403: {"description": "Needs the coordinator role"}}
)
async def digest(
    runtime: RuntimeDep, session: SessionDep, staff: Coordinator, days: Annotated[int, Query(ge=1, le=31)] = 1
) -> DigestOut:
    """What needs the coordinator's attention today."""
    now = runtime.clock.now()
    slug = await center_slug(session, staff)
    found = await read_digest(session, staff=staff, now=now, since=now - timedelta(days=days))
    return DigestOut(
        generated_at=now,
        unclaimed_urgent=[await case_out(session, case, slug, now) for case in found.unclaimed_urgent],
        overdue_cases=[await case_out(session, case, slug, now) for case in found.overdue],
        undelivered=[
            UndeliveredOut(
                outbox_id=row.id,
                case_id=row.case_id,
                channel=row.channel,
                reason=row.last_error,
                written_at=row.created_at,
                failed_at=row.updated_at,
            )
            for row in found.undelivered
        ],
    )
