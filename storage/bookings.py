"""Appointments and mobile-unit visits as the citizen sees them: what is scheduled, what they booked."""

from __future__ import annotations

from datetime import datetime

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


async def list_booked_appointment_times(
    session: AsyncSession, *, citizen_id: int, now: datetime
) -> list[datetime]:
    """When the citizen's live appointments to come start, soonest first."""
    rows = await session.scalars(
        sa.select(AppointmentSlot.starts_at)
        .join(Appointment, Appointment.slot_id == AppointmentSlot.id)
        .where(
            Appointment.citizen_id == citizen_id,
            Appointment.status == BookingStatus.BOOKED,
            AppointmentSlot.starts_at >= now,
        )
        .order_by(AppointmentSlot.starts_at)
    )
    return list(rows.all())


async def list_booked_visit_times(session: AsyncSession, *, citizen_id: int, now: datetime) -> list[datetime]:
    """When the mobile-unit visits to come that the citizen booked start, soonest first."""
    rows = await session.scalars(
        sa.select(MobileVisit.starts_at)
        .join(VisitBooking, VisitBooking.visit_id == MobileVisit.id)
        .where(
            VisitBooking.citizen_id == citizen_id,
            VisitBooking.status == BookingStatus.BOOKED,
            MobileVisit.starts_at >= now,
        )
        .order_by(MobileVisit.starts_at)
    )
    return list(rows.all())
