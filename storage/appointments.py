"""Appointments at the center: book (exactly, under concurrency), list, cancel, attendance. All audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession

from frontdesk.availability import MIN_NOTICE
from storage.audit import record_audit
from storage.capacity import free_slot_place, materialise_slot, take_slot_place
from storage.enums import AuditActor, BookingStatus
from storage.models import Appointment, AppointmentSlot, Center, Staff
from storage.slots import offered_slot

Refusal = Literal[
    "not_offered",
    "full",
    "already_booked",
    "not_live",
    "not_started",
    "visit_cancelled",
    "visit_over",
    "no_such_staff",
]
REASONS: dict[Refusal, str] = {
    "not_offered": "that time is not offered for this service (closed, on leave, past or not on the grid)",
    "full": "that time is full",
    "already_booked": "this citizen already has this booking",
    "not_live": "the booking is no longer live (cancelled, attended or missed)",
    "not_started": "it has not started yet",
    "visit_cancelled": "the visit is cancelled",
    "visit_over": "the visit is over",
    "no_such_staff": "no such active staff member at your center",
}


class BookingRefused(Exception):
    """A booking or change that cannot be made; ``reason`` is a stable code, the message says it in words."""

    def __init__(self, reason: Refusal) -> None:
        super().__init__(REASONS[reason])
        self.reason = reason


@dataclass(frozen=True)
class BookedAppointment:
    """An appointment with its slot's service and times."""

    appointment: Appointment
    slot: AppointmentSlot


async def book_appointment(
    session: AsyncSession,
    *,
    center: Center,
    citizen_id: int,
    service: str,
    starts_at: datetime,
    now: datetime,
    actor: AuditActor,
    staff_id: int | None = None,
    language: str | None = None,
    min_notice: timedelta = MIN_NOTICE,
    assignee_id: int | None = None,
) -> BookedAppointment:
    """Book a citizen into an offered time; BookingRefused when it is not offered, full or already theirs.

    With ``language``, only times with a free interpreter for it are offered (if the center has any for
    it), and the interpreter is recorded. A double tap books once: the second answers ``already_booked``.
    ``assignee_id`` names the staff member who sees the citizen (an active account of the center).
    """
    if assignee_id is not None:
        await check_assignee(session, center_id=center.id, assignee_id=assignee_id)
    offered = await offered_slot(
        session, center=center, service=service, starts_at=starts_at, now=now, language=language,
        min_notice=min_notice,
    )  # fmt: skip
    if offered is None or offered.capacity <= 0:
        raise BookingRefused("not_offered")
    slot_id = await materialise_slot(
        session, center_id=center.id, service=service, starts_at=offered.starts_at, ends_at=offered.ends_at,
        capacity=offered.capacity, now=now,
    )  # fmt: skip
    appointment_id = await _insert_live(
        session, center.id, slot_id, citizen_id, offered.interpreter_id, assignee_id, now
    )
    if appointment_id is None:
        raise BookingRefused("already_booked")
    if not await take_slot_place(session, slot_id=slot_id, capacity=offered.capacity):
        await session.execute(sa.delete(Appointment).where(Appointment.id == appointment_id))
        raise BookingRefused("full")
    await record_audit(
        session, center_id=center.id, actor=actor, staff_id=staff_id, action="appointment.book",
        object_type="appointment", object_id=appointment_id, now=now,
        details={"citizen_id": citizen_id, "slot_id": slot_id, "staff_id": assignee_id},
    )  # fmt: skip
    return BookedAppointment(
        await session.get_one(Appointment, appointment_id),
        await session.get_one(AppointmentSlot, slot_id, populate_existing=True),
    )


async def _insert_live(
    session: AsyncSession,
    center_id: int,
    slot_id: int,
    citizen_id: int,
    interpreter_id: str | None,
    assignee_id: int | None,
    now: datetime,
) -> int | None:
    """Insert a live booking unless the citizen has one for this slot (the partial unique index decides)."""
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        module.insert(Appointment)
        .values(
            center_id=center_id,
            slot_id=slot_id,
            citizen_id=citizen_id,
            status=BookingStatus.BOOKED,
            interpreter_id=interpreter_id,
            staff_id=assignee_id,
            created_at=now,
        )
        .on_conflict_do_nothing(
            index_elements=["slot_id", "citizen_id"], index_where=sa.text("status = 'booked'")
        )
        .returning(Appointment.id)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def get_appointment(
    session: AsyncSession, *, center_id: int, appointment_id: int
) -> BookedAppointment | None:
    """An appointment of this center with its slot (another center's is as good as absent)."""
    row = (
        await session.execute(
            sa.select(Appointment, AppointmentSlot)
            .join(AppointmentSlot, AppointmentSlot.id == Appointment.slot_id)
            .where(Appointment.id == appointment_id, Appointment.center_id == center_id)
            .execution_options(populate_existing=True)
        )
    ).one_or_none()
    return None if row is None else BookedAppointment(row[0], row[1])


async def read_appointment(
    session: AsyncSession, *, center_id: int, appointment_id: int, staff_id: int, now: datetime
) -> BookedAppointment | None:
    """An appointment of this center read by a staff member (audited), or None."""
    found = await get_appointment(session, center_id=center_id, appointment_id=appointment_id)
    if found is not None:
        await record_audit(
            session, center_id=center_id, actor=AuditActor.STAFF, staff_id=staff_id, action="appointment.read",
            object_type="appointment", object_id=appointment_id, now=now,
        )  # fmt: skip
    return found


async def list_appointments(
    session: AsyncSession,
    *,
    center_id: int,
    from_: datetime,
    to: datetime,
    staff_id: int,
    now: datetime,
    assignee_id: int | None = None,
) -> list[BookedAppointment]:
    """Appointments (any status) whose slot starts in ``[from_, to)``, earliest first; audited.

    With ``assignee_id``, only the appointments of that staff member.
    """
    query = (
        sa.select(Appointment, AppointmentSlot)
        .join(AppointmentSlot, AppointmentSlot.id == Appointment.slot_id)
        .where(
            Appointment.center_id == center_id,
            AppointmentSlot.starts_at >= from_,
            AppointmentSlot.starts_at < to,
        )
        .order_by(AppointmentSlot.starts_at, Appointment.id)
    )
    if assignee_id is not None:
        query = query.where(Appointment.staff_id == assignee_id)
    rows = await session.execute(query)
    found = [BookedAppointment(appointment, slot) for appointment, slot in rows.all()]
    await record_audit(
        session, center_id=center_id, actor=AuditActor.STAFF, staff_id=staff_id, action="appointment.list",
        object_type="appointment", object_id=None, now=now,
        details={"ids": [item.appointment.id for item in found][:500]},
    )  # fmt: skip
    return found


async def cancel_appointment(
    session: AsyncSession,
    *,
    booked: BookedAppointment,
    now: datetime,
    actor: AuditActor,
    staff_id: int | None = None,
    reason: str | None = None,
) -> None:
    """Cancel a live appointment and free its place, exactly once; BookingRefused when it is not live."""
    appointment = booked.appointment
    result = cast(
        CursorResult[tuple[()]],
        await session.execute(
            sa.update(Appointment)
            .where(Appointment.id == appointment.id, Appointment.status == BookingStatus.BOOKED)
            .values(
                status=BookingStatus.CANCELLED, cancelled_at=now, cancelled_by=actor, cancel_reason=reason
            )
            .execution_options(synchronize_session=False)
        ),
    )
    if result.rowcount != 1:
        raise BookingRefused("not_live")
    await free_slot_place(session, slot_id=appointment.slot_id)
    await session.refresh(appointment)
    await session.refresh(booked.slot)
    await record_audit(
        session, center_id=appointment.center_id, actor=actor, staff_id=staff_id, action="appointment.cancel",
        object_type="appointment", object_id=appointment.id, now=now,
    )  # fmt: skip


async def record_attendance(
    session: AsyncSession, *, booked: BookedAppointment, attended: bool, staff_id: int, now: datetime
) -> None:
    """Mark an appointment that has started as attended or missed (it can be corrected later)."""
    appointment = booked.appointment
    if appointment.status is BookingStatus.CANCELLED:
        raise BookingRefused("not_live")
    if now < booked.slot.starts_at:
        raise BookingRefused("not_started")
    appointment.status = BookingStatus.ATTENDED if attended else BookingStatus.NO_SHOW
    await session.flush()
    await record_audit(
        session, center_id=appointment.center_id, actor=AuditActor.STAFF, staff_id=staff_id,
        action="appointment.attendance", object_type="appointment", object_id=appointment.id, now=now,
        details={"attended": attended},
    )  # fmt: skip


async def check_assignee(session: AsyncSession, *, center_id: int, assignee_id: int) -> None:
    """BookingRefused ``no_such_staff`` unless the account is an active one of this center."""
    found = await session.scalar(
        sa.select(Staff.id).where(Staff.id == assignee_id, Staff.center_id == center_id, Staff.active)
    )
    if found is None:
        raise BookingRefused("no_such_staff")


async def assign_appointment(
    session: AsyncSession, *, booked: BookedAppointment, assignee_id: int | None, staff_id: int, now: datetime
) -> None:
    """Name the staff member who sees the citizen (None: nobody in particular); audited."""
    appointment = booked.appointment
    if assignee_id is not None:
        await check_assignee(session, center_id=appointment.center_id, assignee_id=assignee_id)
    appointment.staff_id = assignee_id
    await session.flush()
    await record_audit(
        session, center_id=appointment.center_id, actor=AuditActor.STAFF, staff_id=staff_id,
        action="appointment.assign", object_type="appointment", object_id=appointment.id, now=now,
        details={"staff_id": assignee_id},
    )  # fmt: skip
