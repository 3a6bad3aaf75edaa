"""Appointments at your center: staff book callers by phone, list, cancel with a reason, mark attendance."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status

from api.booking import FULL, center_of, check_service, citizen_ref, phone_number
from api.deps import UNAUTHORIZED, CurrentStaff, Id, RuntimeDep, SessionDep
from api.errors import conflict
from api.schemas.booking import (
    AppointmentIn,
    AppointmentOut,
    AppointmentPage,
    AppointmentPatch,
    AttendanceIn,
    CancelIn,
)
from api.times import TIME_QUERY, local, time_range, to_instant
from bot.staff_booking import book_for_caller, cancel_for_citizen
from storage.appointments import (
    BookedAppointment,
    BookingRefused,
    assign_appointment,
    get_appointment,
    list_appointments,
    read_appointment,
    record_attendance,
)
from storage.contacts import contacts_of
from storage.models import Center, ChannelIdentity, Staff

router = APIRouter(prefix="/api/v1/appointments", tags=["booking"], responses=UNAUTHORIZED)
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such appointment at your center"}}
UNKNOWN_STAFF: dict[int | str, dict[str, Any]] = {422: {"description": "No such active staff member"}}


def _unknown_staff(refused: BookingRefused) -> HTTPException:
    """A staff member who is not an active account of the center is a bad request, not a conflict."""
    if refused.reason == "no_such_staff":
        return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(refused))
    return conflict(refused)


def _out(booked: BookedAppointment, center: Center, identity: ChannelIdentity | None) -> AppointmentOut:
    appointment, slot = booked.appointment, booked.slot
    return AppointmentOut(
        id=appointment.id, service=slot.service, starts_at=local(slot.starts_at, center.timezone),
        ends_at=local(slot.ends_at, center.timezone), status=appointment.status,
        interpreter_id=appointment.interpreter_id, cancelled_by=appointment.cancelled_by,
        cancel_reason=appointment.cancel_reason, staff_id=appointment.staff_id,
        citizen=citizen_ref(appointment.citizen_id, identity),
    )  # fmt: skip


async def _with_citizen(session: SessionDep, booked: BookedAppointment, center: Center) -> AppointmentOut:
    citizen_id = booked.appointment.citizen_id
    contacts = await contacts_of(session, citizen_ids=[citizen_id] if citizen_id else [])
    return _out(booked, center, contacts.get(citizen_id) if citizen_id else None)


async def _own(session: SessionDep, staff: Staff, appointment_id: int) -> BookedAppointment:
    booked = await get_appointment(session, center_id=staff.center_id, appointment_id=appointment_id)
    if booked is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such appointment")
    return booked


@router.get("", responses={422: {"description": "Bad time or range over 92 days"}})
async def appointments(
    runtime: RuntimeDep,
    session: SessionDep,
    staff: CurrentStaff,
    from_: Annotated[str | None, Query(alias="from", **TIME_QUERY)] = None,
    to: Annotated[str | None, Query(**TIME_QUERY)] = None,
) -> AppointmentPage:
    """Appointments starting in a range (default: the next 14 days), any status, earliest first."""
    center = await center_of(session, staff)
    now = runtime.clock.now()
    start, end = time_range(from_, to, center.timezone, now, timedelta(days=14))
    found = await list_appointments(
        session, center_id=center.id, from_=start, to=end, staff_id=staff.id, now=now
    )
    contacts = await contacts_of(
        session, citizen_ids=[item.appointment.citizen_id for item in found if item.appointment.citizen_id]
    )
    return AppointmentPage(
        items=[_out(item, center, contacts.get(item.appointment.citizen_id or 0)) for item in found]
    )


@router.post(
    "",
    status_code=201,
    responses={**FULL, 422: {"description": "Unknown service, bad time or phone number"}},
)
async def book(
    runtime: RuntimeDep, session: SessionDep, staff: CurrentStaff, body: AppointmentIn
) -> AppointmentOut:
    """Book a caller (found or added by phone number) into a free time; they get a receipt by SMS."""
    center = await center_of(session, staff)
    service = check_service(center, body.service)
    starts_at = to_instant(body.starts_at, center.timezone, "starts_at")
    phone = phone_number(body.phone)
    try:
        booked, identity = await book_for_caller(
            session, center=center, phone=phone, service=service, starts_at=starts_at, staff_id=staff.id,
            now=runtime.clock.now(), language=body.language.value if body.language else None,
            assignee_id=body.staff_id,
        )  # fmt: skip
    except BookingRefused as refused:
        raise _unknown_staff(refused) from None
    return _out(booked, center, identity)


@router.get("/{appointment_id}", responses=NOT_FOUND)
async def read(
    runtime: RuntimeDep, session: SessionDep, staff: CurrentStaff, appointment_id: Id
) -> AppointmentOut:
    """One appointment."""
    booked = await read_appointment(
        session, center_id=staff.center_id, appointment_id=appointment_id, staff_id=staff.id,
        now=runtime.clock.now(),
    )  # fmt: skip
    if booked is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such appointment")
    return await _with_citizen(session, booked, await center_of(session, staff))


@router.patch("/{appointment_id}", responses={**NOT_FOUND, **UNKNOWN_STAFF})
async def change(
    runtime: RuntimeDep, session: SessionDep, staff: CurrentStaff, appointment_id: Id, body: AppointmentPatch
) -> AppointmentOut:
    """Name the staff member who sees the citizen (null: nobody in particular)."""
    booked = await _own(session, staff, appointment_id)
    try:
        await assign_appointment(
            session, booked=booked, assignee_id=body.staff_id, staff_id=staff.id, now=runtime.clock.now()
        )
    except BookingRefused as refused:
        raise _unknown_staff(refused) from None
    return await _with_citizen(session, booked, await center_of(session, staff))


@router.post("/{appointment_id}/cancel", responses={**NOT_FOUND, **FULL})
async def cancel(
    runtime: RuntimeDep, session: SessionDep, staff: CurrentStaff, appointment_id: Id, body: CancelIn
) -> AppointmentOut:
    """Cancel: the place is freed (offered to the waiting list first) and the citizen is told, with the reason."""
    booked = await _own(session, staff, appointment_id)
    center = await center_of(session, staff)
    now = runtime.clock.now()
    try:
        await cancel_for_citizen(
            session, center=center, booked=booked, staff_id=staff.id, reason=body.reason, now=now
        )
    except BookingRefused as refused:
        raise conflict(refused) from None
    return await _with_citizen(session, booked, center)


@router.post("/{appointment_id}/attendance", responses={**NOT_FOUND, **FULL})
async def attendance(
    runtime: RuntimeDep, session: SessionDep, staff: CurrentStaff, appointment_id: Id, body: AttendanceIn
) -> AppointmentOut:
    """Mark an appointment that has started as attended or a no-show."""
    booked = await _own(session, staff, appointment_id)
    try:
        await record_attendance(
            session, booked=booked, attended=body.attended, staff_id=staff.id, now=runtime.clock.now()
        )
    except BookingRefused as refused:
        raise conflict(refused) from None
    return await _with_citizen(session, booked, await center_of(session, staff))
