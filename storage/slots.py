"""Free appointment times: the pure availability function fed with what the database says is taken."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from frontdesk.availability import CALLBACK, MIN_NOTICE, InterpreterBooking, Schedule, Slot, free_slots
from frontdesk.schedule import BookingRules, bookable_services, build_schedule
from storage.enums import BookingStatus
from storage.leave import blocked_between
from storage.models import Appointment, AppointmentSlot, Center

# Slots are at most a few hours long: look this far back for bookings that overlap a range.
_LONGEST_SLOT = timedelta(hours=4)


def booking_rules(center: Center) -> BookingRules:
    """The booking rules of a center as synced from the centers file."""
    return BookingRules(
        hours=center.hours, timezone=center.timezone, closed_dates=tuple(center.closed_dates),
        staffing=center.staffing, slot_minutes=center.slot_minutes, interpreters=center.interpreters,
    )  # fmt: skip


def services_of(center: Center) -> list[str]:
    """The services citizens can book at a center (roles of its staff with a slot length)."""
    return list(bookable_services(center.staffing, center.slot_minutes))


async def load_schedule(
    session: AsyncSession, *, center: Center, from_: datetime, to: datetime, callbacks: bool = False
) -> Schedule:
    """The center's schedule for a range, with the leave entered through the API (and call-backs if asked)."""
    blocked = await blocked_between(session, center_id=center.id, from_=from_, to=to + _LONGEST_SLOT)
    return build_schedule(
        booking_rules(center), blocked=blocked, from_=from_, to=to + _LONGEST_SLOT, callbacks=callbacks
    )


async def taken_places(
    session: AsyncSession, *, center_id: int, from_: datetime, to: datetime
) -> dict[tuple[str, datetime], int]:
    """Places booked per (service, start) in a range."""
    rows = await session.execute(
        sa.select(AppointmentSlot.service, AppointmentSlot.starts_at, sa.func.sum(AppointmentSlot.booked))
        .where(
            AppointmentSlot.center_id == center_id,
            AppointmentSlot.starts_at >= from_,
            AppointmentSlot.starts_at < to,
        )
        .group_by(AppointmentSlot.service, AppointmentSlot.starts_at)
    )
    return {(service, starts_at): int(booked) for service, starts_at, booked in rows.all()}


async def interpreter_bookings(
    session: AsyncSession, *, center_id: int, from_: datetime, to: datetime
) -> list[InterpreterBooking]:
    """When the center's interpreters are booked with live appointments around a range."""
    rows = await session.execute(
        sa.select(Appointment.interpreter_id, AppointmentSlot.starts_at, AppointmentSlot.ends_at)
        .join(AppointmentSlot, AppointmentSlot.id == Appointment.slot_id)
        .where(
            Appointment.center_id == center_id,
            Appointment.status == BookingStatus.BOOKED,
            Appointment.interpreter_id.is_not(None),
            AppointmentSlot.starts_at >= from_ - _LONGEST_SLOT,
            AppointmentSlot.starts_at < to,
        )
    )
    return [InterpreterBooking(str(who), starts_at, ends_at) for who, starts_at, ends_at in rows.all()]


async def find_free_slots(
    session: AsyncSession,
    *,
    center: Center,
    from_: datetime,
    to: datetime,
    now: datetime,
    service: str | None = None,
    language: str | None = None,
    min_notice: timedelta = MIN_NOTICE,
    include_full: bool = False,
) -> list[Slot]:
    """Times starting in ``[from_, to)`` with room left (``include_full``: every offered time, with its capacity)."""
    schedule = await load_schedule(session, center=center, from_=from_, to=to, callbacks=service == CALLBACK)
    taken = {} if include_full else await taken_places(session, center_id=center.id, from_=from_, to=to)
    busy = await interpreter_bookings(session, center_id=center.id, from_=from_, to=to) if language else []
    return free_slots(
        schedule, from_=from_, to=to, now=now, taken=taken, interpreter_bookings=busy, service=service,
        language=language, min_notice=min_notice,
    )  # fmt: skip


async def offered_slot(
    session: AsyncSession,
    *,
    center: Center,
    service: str,
    starts_at: datetime,
    now: datetime,
    language: str | None = None,
    min_notice: timedelta = MIN_NOTICE,
) -> Slot | None:
    """The slot offered at exactly that start, with its whole capacity (the database counts the taken)."""
    slots = await find_free_slots(
        session, center=center, from_=starts_at, to=starts_at + timedelta(seconds=1), now=now,
        service=service, language=language, min_notice=min_notice, include_full=True,
    )  # fmt: skip
    return next((slot for slot in slots if slot.starts_at == starts_at), None)
