"""Mobile-unit visits of your center: schedule (coordinators), list, read, move and cancel."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.booking import FULL, center_of
from api.deps import UNAUTHORIZED, Coordinator, CurrentStaff, Id, RuntimeDep, SessionDep
from api.errors import conflict
from api.schemas.visits import AreaSlug, VisitCancelIn, VisitChange, VisitDetail, VisitIn, VisitOut, VisitPage
from api.times import TIME_QUERY, time_range, to_instant, unprocessable
from api.visit_views import own_area, own_visit, visit_detail, visit_out
from bot.notices.announcements import announce_visit
from bot.notices.visits import tell_visit_change
from storage.appointments import BookingRefused
from storage.centers import areas_by_id
from storage.models import Area, MobileVisit
from storage.visits import (
    VisitTimesRefused,
    cancel_visit,
    check_visit_times,
    create_visit,
    list_visits,
    move_visit,
    read_visit_bookings,
)

router = APIRouter(prefix="/api/v1/visits", tags=["mobile unit"], responses=UNAUTHORIZED)
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such visit at your center"}}
COORDINATORS: dict[int | str, dict[str, Any]] = {403: {"description": "Needs the coordinator role"}}
BAD_TIMES: dict[int | str, dict[str, Any]] = {
    422: {"description": "Bad times (a visit lasts at most 24 hours)"}
}


def _times(body: VisitIn | VisitChange, timezone: str) -> tuple[datetime, datetime]:
    starts_at = to_instant(body.starts_at, timezone, "starts_at")
    ends_at = to_instant(body.ends_at, timezone, "ends_at")
    try:
        check_visit_times(starts_at, ends_at)
    except VisitTimesRefused as refused:
        raise unprocessable(str(refused)) from None
    return starts_at, ends_at


@router.post(
    "",
    status_code=201,
    responses={**COORDINATORS, 422: {"description": "Unknown area, bad times or capacity"}},
)
async def schedule(runtime: RuntimeDep, session: SessionDep, staff: Coordinator, body: VisitIn) -> VisitOut:
    """Schedule a visit to an area of the centers file; with ``announce``, its subscribers are told at once."""
    center = await center_of(session, staff)
    area = await own_area(session, center, body.area)
    starts_at, ends_at = _times(body, center.timezone)
    now = runtime.clock.now()
    visit = await create_visit(
        session, staff=staff, area=area, starts_at=starts_at, ends_at=ends_at, capacity=body.capacity,
        note=body.note, now=now,
    )  # fmt: skip
    shown = visit_out(visit, area, center)
    if body.announce:
        announcement = await announce_visit(
            session, staff=staff, center=center, visit=visit, area=area, now=now
        )
        shown.announcement_id = announcement.id
    return shown


@router.get("", responses={422: {"description": "Unknown area, bad time or range over 92 days"}})
async def visits(
    runtime: RuntimeDep,
    session: SessionDep,
    staff: CurrentStaff,
    from_: Annotated[str | None, Query(alias="from", **TIME_QUERY)] = None,
    to: Annotated[str | None, Query(**TIME_QUERY)] = None,
    area: Annotated[AreaSlug | None, Query()] = None,
) -> VisitPage:
    """Visits starting in a range (default: the next 30 days), any status, earliest first."""
    center = await center_of(session, staff)
    start, end = time_range(from_, to, center.timezone, runtime.clock.now(), timedelta(days=30))
    only: Area | None = await own_area(session, center, area) if area else None
    found = await list_visits(
        session, center_id=center.id, from_=start, to=end, area_id=only.id if only else None
    )
    areas = await areas_by_id(session, center_id=center.id)
    return VisitPage(items=[visit_out(visit, areas[visit.area_id], center) for visit in found])


@router.get("/{visit_id}", responses=NOT_FOUND)
async def read(runtime: RuntimeDep, session: SessionDep, staff: CurrentStaff, visit_id: Id) -> VisitDetail:
    """A visit with its bookings (who booked, on which channel)."""
    visit = await own_visit(session, staff, visit_id)
    return await _detail(runtime, session, staff, visit)


async def _detail(runtime: RuntimeDep, session: SessionDep, staff: Any, visit: MobileVisit) -> VisitDetail:
    center = await center_of(session, staff)
    area = (await areas_by_id(session, center_id=center.id))[visit.area_id]
    bookings = await read_visit_bookings(session, visit=visit, staff=staff, now=runtime.clock.now())
    return await visit_detail(session, visit, area, center, bookings)


@router.patch("/{visit_id}", responses={**NOT_FOUND, **COORDINATORS, **FULL, **BAD_TIMES})
async def move(
    runtime: RuntimeDep, session: SessionDep, staff: Coordinator, visit_id: Id, body: VisitChange
) -> VisitDetail:
    """New times for a scheduled visit: places are kept; each booked citizen is told once, with other visits."""
    visit = await own_visit(session, staff, visit_id)
    center = await center_of(session, staff)
    starts_at, ends_at = _times(body, center.timezone)
    now = runtime.clock.now()
    try:
        changed = await move_visit(
            session, visit=visit, starts_at=starts_at, ends_at=ends_at, staff=staff, now=now
        )
    except BookingRefused as refused:
        raise conflict(refused) from None
    if changed:
        await tell_visit_change(session, center=center, visit=visit, now=now)
    return await _detail(runtime, session, staff, visit)


@router.post("/{visit_id}/cancel", responses={**NOT_FOUND, **COORDINATORS, **FULL})
async def cancel(
    runtime: RuntimeDep, session: SessionDep, staff: Coordinator, visit_id: Id, body: VisitCancelIn
) -> VisitDetail:
    """Cancel a visit: every booked citizen is told once, with the reason and the next visits to choose."""
    visit = await own_visit(session, staff, visit_id)
    center = await center_of(session, staff)
    now = runtime.clock.now()
    try:
        await cancel_visit(session, visit=visit, reason=body.reason, staff=staff, now=now)
    except BookingRefused as refused:
        raise conflict(refused) from None
    await tell_visit_change(session, center=center, visit=visit, now=now)
    return await _detail(runtime, session, staff, visit)
