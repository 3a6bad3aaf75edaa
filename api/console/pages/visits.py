"""The mobile-unit planner: visits per area by week or month; create, move, cancel, each previewed first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.console.pages.common import PageNotFound, console_router, see_other
from api.console.pages.mobile_words import mobile_words
from api.console.session import ConsoleCoordinator, ConsoleStaff
from api.console.templating import render
from api.deps import Id, RuntimeDep, SessionDep
from api.times import to_instant
from bot.notices.announcements import announce_visit, estimate_announcement, visit_texts
from bot.notices.preview import Preview
from bot.notices.visits import preview_visit_change, proposed_visit, tell_visit_change
from storage.appointments import BookingRefused
from storage.centers import areas_by_id, find_area, get_center, list_areas
from storage.contacts import contacts_of, languages_of
from storage.models import Area, Center, MobileVisit, Staff
from storage.visits import (
    VisitTimesRefused,
    cancel_visit,
    check_visit_times,
    create_visit,
    get_visit,
    list_visits,
    move_visit,
    read_visit_bookings,
)

router = console_router()
VIEWS = ("week", "month")
SLUG = r"^[a-z0-9][a-z0-9_-]{0,59}$"
Day = Annotated[date, Form()]
Clock = Annotated[time, Form()]


class BadTimes(ValueError):
    """The times of a form cannot make a visit (the message key says why)."""


@dataclass(frozen=True)
class VisitForm:
    """A visit as a form carries it: area, day, times, capacity, note, and whether to announce it."""

    area: str
    day: date
    start: time
    end: time
    capacity: int = 10
    note: str = ""
    announce: bool = False


def _period(view: str, start: date) -> tuple[date, date]:
    """The first day of the week (Monday) or month holding ``start``, and the first day after it."""
    if view == "month":
        first = start.replace(day=1)
        return first, (first + timedelta(days=32)).replace(day=1)
    monday = start - timedelta(days=start.weekday())
    return monday, monday + timedelta(days=7)


def _midnight(day: date, zone: str) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(zone)).astimezone(UTC)


def _times(center: Center, day: date, start: time, end: time) -> tuple[datetime, datetime]:
    """A day and two local times as instants, checked by the same rule as the API."""
    try:
        starts_at = to_instant(datetime.combine(day, start), center.timezone, "starts_at")
        ends_at = to_instant(datetime.combine(day, end), center.timezone, "ends_at")
    except HTTPException:
        raise BadTimes("no_such_time") from None
    try:
        check_visit_times(starts_at, ends_at)
    except VisitTimesRefused:
        raise BadTimes("end_before_start") from None
    return starts_at, ends_at


async def _own_visit(session: SessionDep, staff: Staff, visit_id: int) -> MobileVisit:
    visit = await get_visit(session, center_id=staff.center_id, visit_id=visit_id)
    if visit is None:
        raise PageNotFound
    return visit


async def _area(session: SessionDep, staff: Staff, slug: str) -> Area:
    area = await find_area(session, center_id=staff.center_id, slug=slug)
    if area is None:
        raise PageNotFound
    return area


@router.get("/visits", response_class=HTMLResponse)
async def visits_page(
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff,
    area: Annotated[str | None, Query(pattern=SLUG)] = None,
    view: Annotated[str, Query(pattern="^(week|month)$")] = "week",
    start: date | None = None, error: Annotated[str | None, Query(pattern="^[a-z_]{1,30}$")] = None,
) -> HTMLResponse:  # fmt: skip
    """Visits of the week or month, for every area or one."""
    center = await get_center(session, center_id=staff.center_id)
    only = await _area(session, staff, area) if area else None
    today = runtime.clock.now().astimezone(ZoneInfo(center.timezone)).date()
    first, after = _period(view, start or today)
    found = await list_visits(
        session, center_id=center.id, from_=_midnight(first, center.timezone),
        to=_midnight(after, center.timezone), area_id=only.id if only else None,
    )  # fmt: skip
    days: dict[date, list[MobileVisit]] = {}
    for visit in found:
        days.setdefault(visit.starts_at.astimezone(ZoneInfo(center.timezone)).date(), []).append(visit)
    previous = _period(view, first - timedelta(days=1))[0]
    context = {
        "areas": await list_areas(session, center_id=center.id),
        "names": await areas_by_id(session, center_id=center.id),
        "area": only, "view": view, "first": first, "last": after - timedelta(days=1), "days": days,
        "previous": previous, "next": after, "today": today, "zone": center.timezone, "error": error,
        "form": VisitForm(only.slug if only else "", today + timedelta(days=1), time(10), time(13)),
        "mobile_unit": center.mobile_unit, **mobile_words(request, center.timezone),
    }  # fmt: skip
    return render(request, "visits.html", context)


@router.post("/visits/preview", response_class=HTMLResponse)
async def preview_new(
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: ConsoleCoordinator,
    area: Annotated[str, Form(pattern=SLUG)], day: Day, start: Clock, end: Clock,
    capacity: Annotated[int, Form(ge=1, le=500)] = 10, note: Annotated[str, Form(max_length=500)] = "",
    announce: Annotated[bool, Form()] = False,
) -> HTMLResponse:  # fmt: skip
    """What scheduling this visit means (and, when announced, what its subscribers read), before it is done."""
    center = await get_center(session, center_id=staff.center_id)
    chosen = await _area(session, staff, area)
    form = VisitForm(area, day, start, end, capacity, note.strip(), announce)
    try:
        starts_at, ends_at = _times(center, day, start, end)
    except BadTimes as bad:
        context = {
            "form": form, "error": str(bad), "areas": await list_areas(session, center_id=center.id),
            **mobile_words(request, center.timezone),
        }  # fmt: skip
        return render(request, "visit_new.html", context, status_code=422)
    estimate: Preview | None = None
    if announce:
        draft = MobileVisit(area_id=chosen.id, starts_at=starts_at, ends_at=ends_at)
        estimate, _ = await estimate_announcement(
            session, center=center, areas=[chosen], texts=visit_texts(draft, chosen, center)
        )
    context = {
        "form": form, "area": chosen, "starts_at": starts_at, "ends_at": ends_at, "estimate": estimate,
        "price": runtime.settings.sms_price_eur, **mobile_words(request, center.timezone),
    }  # fmt: skip
    return render(request, "visit_new.html", context)


@router.post("/visits")
async def schedule(
    runtime: RuntimeDep, session: SessionDep, staff: ConsoleCoordinator,
    area: Annotated[str, Form(pattern=SLUG)], day: Day, start: Clock, end: Clock,
    capacity: Annotated[int, Form(ge=1, le=500)] = 10, note: Annotated[str, Form(max_length=500)] = "",
    announce: Annotated[bool, Form()] = False,
) -> RedirectResponse:  # fmt: skip
    """Schedule the visit as previewed; with ``announce``, the area's subscribers are told at once."""
    center = await get_center(session, center_id=staff.center_id)
    chosen = await _area(session, staff, area)
    try:
        starts_at, ends_at = _times(center, day, start, end)
    except BadTimes as bad:
        return see_other(f"/console/visits?error={bad}")
    now = runtime.clock.now()
    visit = await create_visit(
        session, staff=staff, area=chosen, starts_at=starts_at, ends_at=ends_at, capacity=capacity,
        note=note.strip() or None, now=now,
    )  # fmt: skip
    done = "created"
    if announce:
        announcement = await announce_visit(
            session, staff=staff, center=center, visit=visit, area=chosen, now=now
        )
        done = f"announced&announcement={announcement.id}"
    return see_other(f"/console/visits/{visit.id}?done={done}")


@router.get("/visits/{visit_id}", response_class=HTMLResponse)
async def visit_page(
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff, visit_id: Id,
    done: Annotated[str | None, Query(pattern="^[a-z_]{1,20}$")] = None,
    told: Annotated[int | None, Query(ge=0, le=100_000)] = None,
    announcement: Annotated[int | None, Query(ge=1)] = None,
    error: Annotated[str | None, Query(pattern="^[a-z_]{1,30}$")] = None,
) -> HTMLResponse:  # fmt: skip
    """A visit, its bookings (reading them is audited, as in the API), and the move and cancel forms."""
    visit = await _own_visit(session, staff, visit_id)
    center = await get_center(session, center_id=staff.center_id)
    bookings = await read_visit_bookings(session, visit=visit, staff=staff, now=runtime.clock.now())
    citizen_ids = [booking.citizen_id for booking in bookings if booking.citizen_id]
    local = visit.starts_at.astimezone(ZoneInfo(center.timezone))
    context = {
        "visit": visit, "area": (await areas_by_id(session, center_id=center.id))[visit.area_id],
        "bookings": bookings, "contacts": await contacts_of(session, citizen_ids=citizen_ids),
        "locales": await languages_of(session, citizen_ids=citizen_ids), "done": done, "told": told,
        "error": error, "announcement": announcement, "form": VisitForm(
            "", local.date(), local.time(), visit.ends_at.astimezone(ZoneInfo(center.timezone)).time()
        ), **mobile_words(request, center.timezone),
    }  # fmt: skip
    return render(request, "visit.html", context)


async def _change_preview(
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: Staff, visit: MobileVisit,
    proposed: MobileVisit, action: str, fields: dict[str, str],
) -> HTMLResponse:  # fmt: skip
    center = await get_center(session, center_id=staff.center_id)
    preview = await preview_visit_change(
        session, center=center, visit=visit, proposed=proposed, now=runtime.clock.now()
    )
    context = {
        "visit": visit, "proposed": proposed, "preview": preview, "action": action, "fields": fields,
        "area": (await areas_by_id(session, center_id=center.id))[visit.area_id],
        "price": runtime.settings.sms_price_eur, **mobile_words(request, center.timezone),
    }  # fmt: skip
    return render(request, "visit_change.html", context)


@router.post("/visits/{visit_id}/move/preview", response_class=HTMLResponse, response_model=None)
async def preview_move(
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: ConsoleCoordinator, visit_id: Id,
    day: Day, start: Clock, end: Clock,
) -> HTMLResponse | RedirectResponse:  # fmt: skip
    """The message each booked citizen will read about the new times, and how many, before moving."""
    visit = await _own_visit(session, staff, visit_id)
    center = await get_center(session, center_id=staff.center_id)
    try:
        starts_at, ends_at = _times(center, day, start, end)
    except BadTimes as bad:
        return see_other(f"/console/visits/{visit_id}?error={bad}#move")
    proposed = proposed_visit(visit, starts_at=starts_at, ends_at=ends_at)
    fields = {"day": day.isoformat(), "start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")}
    return await _change_preview(request, runtime, session, staff, visit, proposed, "move", fields)


@router.post("/visits/{visit_id}/move")
async def move(
    runtime: RuntimeDep, session: SessionDep, staff: ConsoleCoordinator, visit_id: Id,
    day: Day, start: Clock, end: Clock,
) -> RedirectResponse:  # fmt: skip
    """Move the visit (places are kept) and tell each booked citizen once, as previewed."""
    visit = await _own_visit(session, staff, visit_id)
    center = await get_center(session, center_id=staff.center_id)
    try:
        starts_at, ends_at = _times(center, day, start, end)
    except BadTimes as bad:
        return see_other(f"/console/visits/{visit_id}?error={bad}#move")
    now = runtime.clock.now()
    try:
        changed = await move_visit(
            session, visit=visit, starts_at=starts_at, ends_at=ends_at, staff=staff, now=now
        )
    except BookingRefused:
        return see_other(f"/console/visits/{visit_id}?error=not_scheduled")
    told = await tell_visit_change(session, center=center, visit=visit, now=now) if changed else 0
    return see_other(f"/console/visits/{visit_id}?done={'moved' if changed else 'unchanged'}&told={told}")


@router.post("/visits/{visit_id}/cancel/preview", response_class=HTMLResponse)
async def preview_cancel(
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: ConsoleCoordinator, visit_id: Id,
    reason: Annotated[str, Form(min_length=1, max_length=500)],
) -> HTMLResponse:  # fmt: skip
    """The message each booked citizen will read about the cancellation, and how many, before cancelling."""
    visit = await _own_visit(session, staff, visit_id)
    proposed = proposed_visit(visit, cancel_reason=reason.strip())
    return await _change_preview(
        request, runtime, session, staff, visit, proposed, "cancel", {"reason": reason.strip()}
    )


@router.post("/visits/{visit_id}/cancel")
async def cancel(
    runtime: RuntimeDep, session: SessionDep, staff: ConsoleCoordinator, visit_id: Id,
    reason: Annotated[str, Form(min_length=1, max_length=500)],
) -> RedirectResponse:  # fmt: skip
    """Cancel the visit and its bookings; every booked citizen is told once, as previewed."""
    visit = await _own_visit(session, staff, visit_id)
    center = await get_center(session, center_id=staff.center_id)
    now = runtime.clock.now()
    try:
        await cancel_visit(session, visit=visit, reason=reason.strip(), staff=staff, now=now)
    except BookingRefused:
        return see_other(f"/console/visits/{visit_id}?error=not_scheduled")
    told = await tell_visit_change(session, center=center, visit=visit, now=now)
    return see_other(f"/console/visits/{visit_id}?done=cancelled&told={told}")
