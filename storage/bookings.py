"""Appointments and mobile-unit visits as the citizen sees them: what is scheduled, what they booked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.enums import BookingStatus, VisitStatus
from storage.models import Appointment, AppointmentSlot, MobileVisit, VisitBooking


async def list_upcoming_visits(
    session: AsyncSession, *, area_id: int, now: datetime, limit: int
) -> list[MobileVisit]:
    """The next scheduled visits of the mobile unit to an area, soonest first."""
    rows = await session.scalars(
        sa.select(MobileVisit)
        .where(
            MobileVisit.area_id == area_id,
            MobileVisit.status == VisitStatus.SCHEDULED,
            MobileVisit.starts_at >= now,
        )
        .order_by(MobileVisit.starts_at)
        .limit(limit)
    )
    return list(rows.all())


@dataclass(frozen=True)
class CitizenBooking:
    """Something a citizen booked and that is still to come: an appointment or a mobile-unit place."""

    kind: Literal["appointment", "visit"]
    id: int  # the appointment's id, or the visit booking's id
    starts_at: datetime
    ends_at: datetime
    service: str | None  # appointments
    area_id: int | None  # visits
    visit_id: int | None


async def list_bookings_of(session: AsyncSession, *, citizen_id: int, now: datetime) -> list[CitizenBooking]:
    """The citizen's live appointments and visit places that have not ended, soonest first ("my bookings")."""
    appointments = await session.execute(
        sa.select(Appointment.id, AppointmentSlot.starts_at, AppointmentSlot.ends_at, AppointmentSlot.service)
        .join(AppointmentSlot, AppointmentSlot.id == Appointment.slot_id)
        .where(
            Appointment.citizen_id == citizen_id,
            Appointment.status == BookingStatus.BOOKED,
            AppointmentSlot.ends_at > now,
        )
    )
    found = [
        CitizenBooking("appointment", id_, starts_at, ends_at, service, None, None)
        for id_, starts_at, ends_at, service in appointments.all()
    ]
    places = await session.execute(
        sa.select(
            VisitBooking.id, MobileVisit.starts_at, MobileVisit.ends_at, MobileVisit.area_id, MobileVisit.id
        )
        .join(MobileVisit, MobileVisit.id == VisitBooking.visit_id)
        .where(
            VisitBooking.citizen_id == citizen_id,
            VisitBooking.status == BookingStatus.BOOKED,
            MobileVisit.status == VisitStatus.SCHEDULED,
            MobileVisit.ends_at > now,
        )
    )
    found += [
        CitizenBooking("visit", id_, starts_at, ends_at, None, area_id, visit_id)
        for id_, starts_at, ends_at, area_id, visit_id in places.all()
    ]
    return sorted(found, key=lambda booking: (booking.starts_at, booking.kind, booking.id))
