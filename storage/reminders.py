"""What the reminders job reads: live bookings starting soon, and which reminders already went."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from frontdesk.availability import CALLBACK
from storage.enums import BookingStatus, VisitStatus
from storage.models import Appointment, AppointmentSlot, MobileVisit, OutboxMessage, VisitBooking


@dataclass(frozen=True)
class Upcoming:
    """A live booking to come: an appointment (``subject`` its service) or a visit place (its visit id)."""

    kind: Literal["appointment", "visit"]
    booking_id: int
    center_id: int
    citizen_id: int | None
    starts_at: datetime
    booked_at: datetime
    subject: str

    def reminder_key(self, hours: int) -> str:
        """The dedupe key of one reminder: a moved booking (new start) gets fresh reminders."""
        return f"reminder:{self.kind}:{self.booking_id}:{int(self.starts_at.timestamp())}:{hours}"


async def upcoming_bookings(session: AsyncSession, *, after: datetime, until: datetime) -> list[Upcoming]:
    """Live appointments and visit places starting in ``(after, until]``, soonest first."""
    appointments = await session.execute(
        sa.select(Appointment, AppointmentSlot.starts_at, AppointmentSlot.service)
        .join(AppointmentSlot, AppointmentSlot.id == Appointment.slot_id)
        .where(
            Appointment.status == BookingStatus.BOOKED,
            # A call-back needs no reminder: we are the ones who call.
            AppointmentSlot.service != CALLBACK,
            AppointmentSlot.starts_at > after,
            AppointmentSlot.starts_at <= until,
        )
    )
    found = [
        Upcoming("appointment", row.id, row.center_id, row.citizen_id, starts_at, row.created_at, service)
        for row, starts_at, service in appointments.all()
    ]
    places = await session.execute(
        sa.select(VisitBooking, MobileVisit.starts_at)
        .join(MobileVisit, MobileVisit.id == VisitBooking.visit_id)
        .where(
            VisitBooking.status == BookingStatus.BOOKED,
            MobileVisit.status == VisitStatus.SCHEDULED,
            MobileVisit.starts_at > after,
            MobileVisit.starts_at <= until,
        )
    )
    found += [
        Upcoming("visit", row.id, row.center_id, row.citizen_id, starts_at, row.created_at, str(row.visit_id))
        for row, starts_at in places.all()
    ]
    return sorted(found, key=lambda upcoming: (upcoming.starts_at, upcoming.kind, upcoming.booking_id))


async def queued_keys(session: AsyncSession, *, keys: Iterable[str]) -> set[str]:
    """Which of these dedupe keys were queued already (the first page of a message carries ``:0``)."""
    wanted = list(keys)
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        pages = [f"{key}:0" for key in wanted[start : start + 500]]
        rows = await session.scalars(
            sa.select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(pages))
        )
        found.update(key.removesuffix(":0") for key in rows.all() if key)
    return found
