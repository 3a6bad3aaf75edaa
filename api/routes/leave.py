"""Staff leave and blocked times of your center (closures stay in the centers file)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, status

from api.booking import center_of, check_service
from api.deps import UNAUTHORIZED, Coordinator, CurrentStaff, Id, RuntimeDep, SessionDep
from api.schemas.booking import LeaveIn, LeaveOut, LeavePage
from api.times import TIME_QUERY, local, time_range, to_instant, unprocessable
from storage.leave import add_blocked_time, delete_blocked_time, leave_times_valid, list_blocked_times
from storage.models import BlockedTime

router = APIRouter(prefix="/api/v1/leave", tags=["booking"], responses=UNAUTHORIZED)


def _out(row: BlockedTime, timezone: str) -> LeaveOut:
    return LeaveOut(
        id=row.id, service=row.service, starts_at=local(row.starts_at, timezone),
        ends_at=local(row.ends_at, timezone), count=row.count,
    )  # fmt: skip


@router.post(
    "",
    status_code=201,
    responses={
        403: {"description": "Needs the coordinator role"},
        422: {"description": "Unknown service, bad times"},
    },
)
async def add_leave(runtime: RuntimeDep, session: SessionDep, staff: Coordinator, body: LeaveIn) -> LeaveOut:
    """Take ``count`` professionals of a service off the free times between two instants."""
    center = await center_of(session, staff)
    check_service(center, body.service)
    starts_at = to_instant(body.starts_at, center.timezone, "starts_at")
    ends_at = to_instant(body.ends_at, center.timezone, "ends_at")
    if not leave_times_valid(starts_at, ends_at):
        raise unprocessable("ends_at must be after starts_at, and leave at most 366 days")
    row = await add_blocked_time(
        session, staff=staff, service=body.service, starts_at=starts_at, ends_at=ends_at, count=body.count,
        now=runtime.clock.now(),
    )  # fmt: skip
    return _out(row, center.timezone)


@router.get("", responses={422: {"description": "Bad time or range over 92 days"}})
async def list_leave(
    runtime: RuntimeDep,
    session: SessionDep,
    staff: CurrentStaff,
    from_: Annotated[str | None, Query(alias="from", **TIME_QUERY)] = None,
    to: Annotated[str | None, Query(**TIME_QUERY)] = None,
) -> LeavePage:
    """Blocked times overlapping a range (default: the next 30 days)."""
    center = await center_of(session, staff)
    start, end = time_range(from_, to, center.timezone, runtime.clock.now(), timedelta(days=30))
    rows = await list_blocked_times(session, center_id=center.id, from_=start, to=end)
    return LeavePage(items=[_out(row, center.timezone) for row in rows])


@router.delete(
    "/{leave_id}",
    status_code=204,
    responses={403: {"description": "Needs the coordinator role"}, 404: {"description": "No such leave"}},
)
async def remove_leave(
    runtime: RuntimeDep, session: SessionDep, staff: Coordinator, leave_id: Id
) -> Response:
    """Give the time back to booking."""
    if not await delete_blocked_time(session, staff=staff, blocked_id=leave_id, now=runtime.clock.now()):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such leave")
    return Response(status_code=204)
