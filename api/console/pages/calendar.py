"""The calendar: appointments and free times by day or week and staff member; booking, attendance, cancel, leave."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from babel.dates import format_date
from fastapi import Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.console.pages.common import PageNotFound, console_router, see_other
from api.console.session import ConsoleCoordinator, ConsoleStaff
from api.console.templating import language_of, render
from api.deps import MAX_ID, Id, RuntimeDep, SessionDep
from api.times import to_instant
from bot.staff_booking import book_for_caller, cancel_for_citizen
from frontdesk.availability import Slot
from frontdesk.phones import to_e164
from storage.appointments import (
    BookedAppointment,
    BookingRefused,
    assign_appointment,
    get_appointment,
    list_appointments,
    read_appointment,
    record_attendance,
)
from storage.centers import get_center
from storage.contacts import contacts_of, names_of
from storage.enums import StaffRole
from storage.leave import add_blocked_time, delete_blocked_time, leave_times_valid, list_blocked_times
from storage.models import Center, Staff
from storage.slots import find_free_slots, services_of
from storage.staff import list_staff

router = console_router()
View = Literal["day", "week"]
Reason = Annotated[str, Form(min_length=1, max_length=300)]
SeenBy = Annotated[int | None, Form(ge=1, le=MAX_ID)]  # an empty choice is None: nobody in particular
LEAVE_AHEAD = timedelta(days=60)  # leave and closures listed from the day shown


@dataclass(frozen=True)
class Row:
    """An appointment as the calendar lists it: who (name, phone or chat address) and what can be done."""

    booked: BookedAppointment
    who: str
    started: bool
    seen_by: str  # the staff member's name, or "" when nobody in particular is named


@dataclass(frozen=True)
class Day:
    """One day of the calendar: its appointments and its free times."""

    day: date
    rows: list[Row]
    free: list[Slot]
    closed: bool


def _midnight(day: date, center: Center) -> datetime:
    """The instant a local day of the center starts."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(center.timezone)).astimezone(UTC)


def _today(now: datetime, center: Center) -> date:
    return now.astimezone(ZoneInfo(center.timezone)).date()


def staff_name(member: Staff) -> str:
    """How a colleague is shown: their name, else their e-mail address."""
    return member.full_name or member.email


async def _rows(
    session: SessionDep, found: list[BookedAppointment], now: datetime, team: list[Staff]
) -> dict[int, Row]:
    """The appointments with the citizen each is for and the staff member who sees them."""
    ids = [item.appointment.citizen_id for item in found if item.appointment.citizen_id]
    contacts = await contacts_of(session, citizen_ids=ids)
    names = await names_of(session, citizen_ids=ids)
    staff_names = {member.id: staff_name(member) for member in team}
    rows = {}
    for item in found:
        citizen_id = item.appointment.citizen_id or 0
        identity = contacts.get(citizen_id)
        parts = [names.get(citizen_id, ""), identity.address if identity else ""]
        rows[item.appointment.id] = Row(
            item, " · ".join(part for part in parts if part) or "—", item.slot.starts_at <= now,
            staff_names.get(item.appointment.staff_id or 0, ""),
        )  # fmt: skip
    return rows


def _assignee(who: str, staff: Staff, team: list[Staff]) -> int | None:
    """The staff member whose appointments are shown: ``mine``, a colleague's id, else everyone's (None)."""
    if who == "mine":
        return staff.id
    return next((member.id for member in team if str(member.id) == who), None)


async def _days(
    session: SessionDep, staff: Staff, center: Center, first: date, count: int, service: str | None,
    now: datetime, team: list[Staff], assignee_id: int | None,
) -> list[Day]:  # fmt: skip
    """The days shown, with appointments (their listing audited, as the API's) and free times."""
    start, end = _midnight(first, center), _midnight(first + timedelta(days=count), center)
    found = await list_appointments(
        session, center_id=center.id, from_=start, to=end, staff_id=staff.id, now=now, assignee_id=assignee_id
    )
    found = [item for item in found if service is None or item.slot.service == service]
    rows = await _rows(session, found, now, team)
    free: list[Slot] = []
    if end > now:
        free = await find_free_slots(
            session, center=center, from_=max(start, now), to=end, now=now, service=service,
            min_notice=timedelta(0),
        )  # fmt: skip
    zone = ZoneInfo(center.timezone)
    closed = set(center.closed_dates)
    days = []
    for offset in range(count):
        day = first + timedelta(days=offset)
        days.append(
            Day(
                day,
                [
                    rows[item.appointment.id]
                    for item in found
                    if item.slot.starts_at.astimezone(zone).date() == day
                ],
                [slot for slot in free if slot.starts_at.astimezone(zone).date() == day],
                day.isoformat() in closed,
            )
        )
    return days


@router.get("/calendar", response_class=HTMLResponse)
async def calendar_page(
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff,
    view: View = "day",
    day: date | None = None,
    service: Annotated[str | None, Query(max_length=32)] = None,
    who: Annotated[str, Query(pattern="^(all|mine|[0-9]{1,12})$")] = "all",
    error: Annotated[str | None, Query(max_length=20)] = None,
    done: Annotated[str | None, Query(pattern="^(booked|attendance|leave|leave_removed|cancelled)$")] = None,
) -> HTMLResponse:  # fmt: skip
    """Appointments and free times of a day or a week, per service and staff member; book, attendance, leave."""
    center = await get_center(session, center_id=staff.center_id)
    team = await list_staff(session, center_id=center.id)
    assignee_id = _assignee(who, staff, team)
    who = "mine" if assignee_id == staff.id else str(assignee_id) if assignee_id else "all"
    now = runtime.clock.now()
    services = services_of(center)
    service = service if service in services else None
    shown = day or _today(now, center)
    first = shown - timedelta(days=shown.weekday()) if view == "week" else shown
    count = 7 if view == "week" else 1
    step = timedelta(days=count)
    leave = await list_blocked_times(
        session,
        center_id=center.id,
        from_=_midnight(first, center),
        to=_midnight(first, center) + LEAVE_AHEAD,
    )
    closures = [
        closed for closed in sorted(center.closed_dates)
        if first.isoformat() <= closed < (first + LEAVE_AHEAD).isoformat()
    ]  # fmt: skip
    context = {
        "view": view, "shown": shown, "first": first, "services": services, "service": service,
        "days": await _days(session, staff, center, first, count, service, now, team, assignee_id),
        "who": who, "me": staff, "colleagues": _colleagues(staff, team), "staff_name": staff_name,
        "previous": first - step, "next": first + step, "today": _today(now, center),
        "leave": leave, "closures": [date.fromisoformat(closed) for closed in closures],
        "error": error, "done": done, "can_plan": staff.role.includes(StaffRole.COORDINATOR),
        "day_name": lambda value: format_date(value, "EEEE d MMMM y", locale=language_of(request)),
    }  # fmt: skip
    return render(request, "calendar.html", context)


def _colleagues(staff: Staff, team: list[Staff]) -> list[Staff]:
    """The other active accounts of the center, by name."""
    others = [member for member in team if member.active and member.id != staff.id]
    return sorted(others, key=lambda member: staff_name(member).casefold())


def _back(day: date | str, view: str = "day", **query: str) -> RedirectResponse:
    extra = "".join(f"&{key}={value}" for key, value in query.items())
    return see_other(f"/console/calendar?view={view}&day={day}{extra}")


@router.post("/calendar/book")
async def book(
    runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff,
    time_: Annotated[str, Form(alias="time", max_length=80, pattern=r"^[a-z_]{1,32}\|[0-9T:+\-.]{10,40}$")],
    phone: Annotated[str, Form(min_length=3, max_length=40)],
    day: Annotated[date, Form()],
    name: Annotated[str, Form(max_length=200)] = "",
    seen_by: SeenBy = None,
) -> RedirectResponse:  # fmt: skip
    """Book a caller or a walk-in (their phone number, a name if given) into a free time; a receipt by SMS.

    ``seen_by`` names the staff member who sees them: the signed-in member unless a colleague is chosen.
    """
    center = await get_center(session, center_id=staff.center_id)
    service, _, at = time_.partition("|")
    try:
        starts_at = datetime.fromisoformat(at)
        number = to_e164(phone)
    except ValueError:
        return _back(day, error="phone" if at else "not_offered")
    if service not in services_of(center) or starts_at.tzinfo is None:
        return _back(day, error="not_offered")
    try:
        await book_for_caller(
            session, center=center, phone=number, service=service, starts_at=starts_at, staff_id=staff.id,
            now=runtime.clock.now(), name=name.strip() or None, assignee_id=seen_by or staff.id,
        )  # fmt: skip
    except BookingRefused as refused:
        return _back(day, error=refused.reason)
    return _back(day, done="booked")


async def _own(session: SessionDep, staff: Staff, appointment_id: int) -> BookedAppointment:
    booked = await get_appointment(session, center_id=staff.center_id, appointment_id=appointment_id)
    if booked is None:
        raise PageNotFound
    return booked


@router.get("/calendar/appointments/{appointment_id}", response_class=HTMLResponse)
async def appointment_page(
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff, appointment_id: Id,
    done: Annotated[str | None, Query(pattern="^(assigned)$")] = None,
    error: Annotated[str | None, Query(pattern="^(no_such_staff|not_live|reason)$")] = None,
) -> HTMLResponse:  # fmt: skip
    """One appointment (its reading audited, as the API's): who sees the citizen, attendance, cancel."""
    now = runtime.clock.now()
    booked = await read_appointment(
        session, center_id=staff.center_id, appointment_id=appointment_id, staff_id=staff.id, now=now
    )
    if booked is None:
        raise PageNotFound
    team = await list_staff(session, center_id=staff.center_id)
    rows = await _rows(session, [booked], now, team)
    context = {
        "row": rows[appointment_id], "me": staff, "colleagues": _colleagues(staff, team),
        "staff_name": staff_name, "done": done, "error": error,
    }  # fmt: skip
    return render(request, "calendar_appointment.html", context)


def _page_of(appointment_id: int, **query: str) -> RedirectResponse:
    extra = "&".join(f"{key}={value}" for key, value in query.items())
    return see_other(f"/console/calendar/appointments/{appointment_id}" + (f"?{extra}" if extra else ""))


@router.post("/calendar/appointments/{appointment_id}/staff")
async def change_staff(
    runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff, appointment_id: Id,
    seen_by: SeenBy = None,
) -> RedirectResponse:  # fmt: skip
    """Name the staff member who sees the citizen, or nobody in particular (the API's PATCH does the same)."""
    booked = await _own(session, staff, appointment_id)
    try:
        await assign_appointment(
            session, booked=booked, assignee_id=seen_by or None, staff_id=staff.id, now=runtime.clock.now()
        )
    except BookingRefused as refused:
        return _page_of(appointment_id, error=refused.reason)
    return _page_of(appointment_id, done="assigned")


@router.post(
    "/calendar/appointments/{appointment_id}/cancel/check", response_class=HTMLResponse, response_model=None
)
async def check_cancel(
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff, appointment_id: Id,
    reason: Reason,
) -> HTMLResponse | RedirectResponse:  # fmt: skip
    """What cancelling will do, and the reason the citizen will read, before anything changes."""
    booked = await _own(session, staff, appointment_id)
    if not reason.strip():
        return _page_of(appointment_id, error="reason")
    team = await list_staff(session, center_id=staff.center_id)
    rows = await _rows(session, [booked], runtime.clock.now(), team)
    return render(request, "calendar_cancel.html", {"row": rows[appointment_id], "reason": reason.strip()})


@router.post("/calendar/appointments/{appointment_id}/cancel")
async def cancel(
    runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff, appointment_id: Id, reason: Reason
) -> RedirectResponse:
    """Cancel as the API does: audited, the citizen told once with the reason, the place offered to those waiting."""
    booked = await _own(session, staff, appointment_id)
    if not reason.strip():
        return _page_of(appointment_id, error="reason")
    center = await get_center(session, center_id=staff.center_id)
    try:
        await cancel_for_citizen(
            session, center=center, booked=booked, staff_id=staff.id, reason=reason.strip(),
            now=runtime.clock.now(),
        )  # fmt: skip
    except BookingRefused as refused:
        return _page_of(appointment_id, error=refused.reason)
    day = booked.slot.starts_at.astimezone(ZoneInfo(center.timezone)).date()
    return _back(day, done="cancelled")


@router.post("/calendar/appointments/{appointment_id}/attendance")
async def attendance(
    runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff, appointment_id: Id,
    attended: Annotated[Literal["yes", "no"], Form()],
) -> RedirectResponse:  # fmt: skip
    """Mark an appointment that has started as attended or a no-show."""
    booked = await _own(session, staff, appointment_id)
    center = await get_center(session, center_id=staff.center_id)
    day = booked.slot.starts_at.astimezone(ZoneInfo(center.timezone)).date()
    try:
        await record_attendance(
            session, booked=booked, attended=attended == "yes", staff_id=staff.id, now=runtime.clock.now()
        )
    except BookingRefused as refused:
        return _back(day, error=refused.reason)
    return _back(day, done="attendance")


@router.post("/calendar/leave")
async def add_leave(
    runtime: RuntimeDep, session: SessionDep, staff: ConsoleCoordinator,
    service: Annotated[str, Form(max_length=32)],
    starts_at: Annotated[datetime, Form()],
    ends_at: Annotated[datetime, Form()],
    count: Annotated[int, Form(ge=1, le=50)] = 1,
) -> RedirectResponse:  # fmt: skip
    """Take professionals of a service off the free times (local times of the center, as the API reads them)."""
    center = await get_center(session, center_id=staff.center_id)
    day = starts_at.date()
    try:
        start = to_instant(starts_at, center.timezone, "starts_at")
        end = to_instant(ends_at, center.timezone, "ends_at")
    except HTTPException:
        return _back(day, error="leave")
    if service not in services_of(center) or not leave_times_valid(start, end):
        return _back(day, error="leave")
    await add_blocked_time(
        session,
        staff=staff,
        service=service,
        starts_at=start,
        ends_at=end,
        count=count,
        now=runtime.clock.now(),
    )
    return _back(day, done="leave")


@router.post("/calendar/leave/{leave_id}/delete")
async def remove_leave(
    runtime: RuntimeDep, session: SessionDep, staff: ConsoleCoordinator, leave_id: Id,
    day: Annotated[date, Form()],
) -> RedirectResponse:  # fmt: skip
    """Give the time back to booking."""
    if not await delete_blocked_time(session, staff=staff, blocked_id=leave_id, now=runtime.clock.now()):
        raise PageNotFound
    return _back(day, done="leave_removed")
