"""Staff calendar feeds: an iCalendar URL per staff member, with a secret they can renew or revoke."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, HTTPException, Response, status
from icalendar import Calendar, Event
from pydantic import BaseModel

from api.deps import UNAUTHORIZED, CurrentStaff, RuntimeDep, SessionDep
from storage.appointments import BookedAppointment, list_appointments
from storage.calendar_feeds import issue_calendar_secret, revoke_calendar_secret, staff_of_calendar_secret
from storage.centers import get_center
from storage.enums import BookingStatus
from storage.models import Center

me_router = APIRouter(prefix="/api/v1/me/calendar", tags=["me"], responses=UNAUTHORIZED)
feed_router = APIRouter(tags=["calendar"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No feed has this secret (revoked or renewed)"}
}
# What a feed shows: the recent past (for attendance) and the months ahead.
BEFORE, AFTER = timedelta(days=30), timedelta(days=92)
LABELS = {"social_worker": "social worker", "psychologist": "psychologist"}


class CalendarFeedOut(BaseModel):
    """The secret address of your calendar feed; keep it to yourself."""

    url: str


@me_router.post("", status_code=201, summary="Get a calendar feed address")
async def issue(runtime: RuntimeDep, session: SessionDep, staff: CurrentStaff) -> CalendarFeedOut:
    """A new secret iCalendar address listing your center's appointments (the address before stops working)."""
    secret = await issue_calendar_secret(session, staff=staff, now=runtime.clock.now())
    return CalendarFeedOut(url=f"{runtime.settings.public_url.rstrip('/')}/ical/{secret}.ics")


@me_router.delete("", status_code=204, summary="Revoke the calendar feed")
async def revoke(runtime: RuntimeDep, session: SessionDep, staff: CurrentStaff) -> Response:
    """Your calendar feed address stops working."""
    await revoke_calendar_secret(session, staff=staff, now=runtime.clock.now())
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@feed_router.get(
    "/ical/{secret}.ics",
    response_class=Response,
    responses={**NOT_FOUND, 200: {"content": {"text/calendar": {}}}},
    summary="Calendar feed",
)
async def feed(runtime: RuntimeDep, session: SessionDep, secret: str) -> Response:
    """The center's appointments from a month ago to three months ahead, as iCalendar (no personal data)."""
    staff = await staff_of_calendar_secret(session, secret=secret)
    if staff is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such calendar feed")
    now = runtime.clock.now()
    center = await get_center(session, center_id=staff.center_id)
    found = await list_appointments(
        session, center_id=center.id, from_=now - BEFORE, to=now + AFTER, staff_id=staff.id, now=now
    )
    body = render_feed(center, found, now)
    return Response(body, media_type="text/calendar; charset=utf-8", headers={"Cache-Control": "private"})


def render_feed(center: Center, appointments: list[BookedAppointment], now: datetime) -> bytes:
    """The appointments as an iCalendar file: what, when, where, and the number to look up in the API."""
    calendar = Calendar()
    calendar.add("prodid", "-//Front Desk//Community Center appointments//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{center.name.get('el', center.slug)} · Front Desk")
    calendar.add("x-wr-timezone", center.timezone)
    for item in appointments:
        appointment, slot = item.appointment, item.slot
        event = Event()
        event.add("uid", f"appointment-{appointment.id}@{center.slug}.frontdesk")
        event.add("dtstamp", now)
        event.add("dtstart", slot.starts_at)
        event.add("dtend", slot.ends_at)
        # Calendar apps sync to other companies' servers: the event names no citizen, only the number
        # staff look up in the API or the console.
        what = (
            "Call-back"
            if slot.service == "callback"
            else f"Appointment: {LABELS.get(slot.service, slot.service)}"
        )
        event.add("summary", f"{what} (#{appointment.id})")
        event.add("location", center.address.get("el", ""))
        event.add("status", "CANCELLED" if appointment.status is BookingStatus.CANCELLED else "CONFIRMED")
        if appointment.interpreter_id:
            event.add("description", f"Interpreter: {appointment.interpreter_id}")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
