"""Places at a mobile-unit visit: staff book callers by phone, cancel a place, mark who came."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, status

from api.booking import FULL, center_of, phone_number
from api.deps import UNAUTHORIZED, CurrentStaff, Id, RuntimeDep, SessionDep
from api.errors import conflict
from api.schemas.booking import AttendanceIn
from api.schemas.visits import VisitBookingIn, VisitBookingOut
from api.visit_views import bookings_out, own_booking, own_visit
from bot.notices.visits import tell_home_visit_scheduled, tell_visit_booked
from storage.appointments import BookingRefused
from storage.contacts import identity_for_phone
from storage.enums import AuditActor
from storage.models import Staff
from storage.queue import get_case
from storage.visits import book_visit, cancel_visit_booking, record_visit_attendance

router = APIRouter(prefix="/api/v1/visits/{visit_id}/bookings", tags=["mobile unit"], responses=UNAUTHORIZED)
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such visit or booking at your center"}}


@router.post(
    "",
    status_code=201,
    responses={
        **NOT_FOUND, **FULL, 422: {"description": "Bad phone number, or not exactly one of phone and case_id"},
        409: {"description": "The visit is full, cancelled or over, or the request's citizen was erased"},
    },
)  # fmt: skip
async def book(
    runtime: RuntimeDep, session: SessionDep, staff: CurrentStaff, visit_id: Id, body: VisitBookingIn
) -> VisitBookingOut:
    """Book a caller a place, or schedule a home-visit request (``case_id``) into the visit; the citizen is told."""
    visit = await own_visit(session, staff, visit_id)
    center = await center_of(session, staff)
    now = runtime.clock.now()
    home = body.case_id is not None
    citizen_id = await _home_visit_citizen(session, staff, body.case_id) if body.case_id else None
    if citizen_id is None:
        _, citizen = await identity_for_phone(
            session, center_id=center.id, phone=phone_number(body.phone or ""), now=now
        )
        citizen_id = citizen.id
    try:
        booking = await book_visit(
            session, visit=visit, citizen_id=citizen_id, now=now, actor=AuditActor.STAFF, staff_id=staff.id,
            home_visit=home,
        )  # fmt: skip
    except BookingRefused as refused:
        raise conflict(refused) from None
    tell = tell_home_visit_scheduled if home else tell_visit_booked
    await tell(session, center=center, visit=visit, booking=booking, now=now)
    return (await bookings_out(session, [booking], center))[0]


async def _home_visit_citizen(session: SessionDep, staff: Staff, case_id: int) -> int:
    """The citizen of a case of the staff member's center (404), still known (409 once erased)."""
    case = await get_case(session, center_id=staff.center_id, case_id=case_id)
    if case is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such case")
    if case.citizen_id is None:
        raise HTTPException(status.HTTP_409_CONFLICT, "the citizen of this case was erased")
    return case.citizen_id


@router.post("/{booking_id}/cancel", responses={**NOT_FOUND, **FULL})
async def cancel(
    runtime: RuntimeDep, session: SessionDep, staff: CurrentStaff, visit_id: Id, booking_id: Id
) -> VisitBookingOut:
    """Give up a citizen's place (on their word, by phone); the place is freed."""
    visit = await own_visit(session, staff, visit_id)
    booking = await own_booking(session, visit, booking_id)
    try:
        await cancel_visit_booking(
            session, booking=booking, now=runtime.clock.now(), actor=AuditActor.STAFF, staff_id=staff.id
        )
    except BookingRefused as refused:
        raise conflict(refused) from None
    return (await bookings_out(session, [booking], await center_of(session, staff)))[0]


@router.post("/{booking_id}/attendance", responses={**NOT_FOUND, **FULL})
async def attendance(
    runtime: RuntimeDep,
    session: SessionDep,
    staff: CurrentStaff,
    visit_id: Id,
    booking_id: Id,
    body: AttendanceIn,
) -> VisitBookingOut:
    """Mark whether the citizen came (the monthly report counts people seen per area)."""
    visit = await own_visit(session, staff, visit_id)
    booking = await own_booking(session, visit, booking_id)
    try:
        await record_visit_attendance(
            session,
            booking=booking,
            visit=visit,
            attended=body.attended,
            staff=staff,
            now=runtime.clock.now(),
        )
    except BookingRefused as refused:
        raise conflict(refused) from None
    return (await bookings_out(session, [booking], await center_of(session, staff)))[0]
