"""The calendar: appointments and free times by day or week, booking callers and walk-ins, attendance, leave."""

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
from api.deps import Id, RuntimeDep, SessionDep
from api.times import to_instant
from bot.staff_booking import book_for_caller
from frontdesk.availability import Slot
from frontdesk.phones import to_e164
from storage.appointments import (
    BookedAppointment,
    BookingRefused,
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

router = console_router()
View = Literal["day", "week"]
LEAVE_AHEAD = timedelta(days=60)  # leave and closures listed from the day shown


@dataclass(frozen=True)
class Row:
    """An appointment as the calendar lists it: who (name, phone or chat address) and what can be done."""

    booked: BookedAppointment
    who: str
    started: bool


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


async def _rows(session: SessionDep, found: list[BookedAppointment], now: datetime) -> dict[int, Row]:
    """The appointments with the citizen each is for."""
    ids = [item.appointment.citizen_id for item in found if item.appointment.citizen_id]
    contacts = await contacts_of(session, citizen_ids=ids)
    names = await names_of(session, citizen_ids=ids)
    rows = {}
    for item in found:
        citizen_id = item.appointment.citizen_id or 0
        identity = contacts.get(citizen_id)
        parts = [names.get(citizen_id, ""), identity.address if identity else ""]
        rows[item.appointment.id] = Row(
            item, " · ".join(part for part in parts if part) or "—", item.slot.starts_at <= now
        )
    return rows


async def _days(
    session: SessionDep, staff: Staff, center: Center, first: date, count: int, service: str | None,
    now: datetime,
) -> list[Day]:  # fmt: skip
    """The days shown, with appointments (their listing audited, as the API's) and free times."""
    start, end = _midnight(first, center), _midnight(first + timedelta(days=count), center)
    found = await list_appointments(
        session, center_id=center.id, from_=start, to=end, staff_id=staff.id, now=now
    )
    found = [item for item in found if service is None or item.slot.service == service]
    rows = await _rows(session, found, now)
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
    error: Annotated[str | None, Query(max_length=20)] = None,
    done: Annotated[str | None, Query(pattern="^(booked|attendance|leave|leave_removed)$")] = None,
) -> HTMLResponse:  # fmt: skip
    """Appointments and free times of a day or a week, per service; book, mark attendance, leave."""
    center = await get_center(session, center_id=staff.center_id)
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
        "days": await _days(session, staff, center, first, count, service, now),
        "previous": first - step, "next": first + step, "today": _today(now, center),
        "leave": leave, "closures": [date.fromisoformat(closed) for closed in closures],
        "error": error, "done": done, "can_plan": staff.role.includes(StaffRole.COORDINATOR),
        "day_name": lambda value: format_date(value, "EEEE d MMMM y", locale=language_of(request)),
    }  # fmt: skip
    return render(request, "calendar.html", context)


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
) -> RedirectResponse:  # fmt: skip
    """Book a caller or a walk-in (their phone number, a name if given) into a free time; a receipt by SMS."""
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
            now=runtime.clock.now(), name=name.strip() or None,
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
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff, appointment_id: Id
) -> HTMLResponse:
    """One appointment (its reading audited, as the API's)."""
    now = runtime.clock.now()
    booked = await read_appointment(
        session, center_id=staff.center_id, appointment_id=appointment_id, staff_id=staff.id, now=now
    )
    if booked is None:
        raise PageNotFound
    rows = await _rows(session, [booked], now)
    return render(request, "calendar_appointment.html", {"row": rows[appointment_id]})


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
