"""Staff book an appointment for a citizen or a caller: booked at any free time, the citizen gets a receipt."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.notices.appointments import tell_appointment_booked
from storage.appointments import BookedAppointment, book_appointment
from storage.contacts import identity_for_phone
from storage.enums import AuditActor
from storage.models import Center, ChannelIdentity, Citizen


async def book_for_citizen(
    session: AsyncSession,
    *,
    center: Center,
    citizen_id: int,
    service: str,
    starts_at: datetime,
    staff_id: int,
    now: datetime,
    language: str | None = None,
) -> BookedAppointment:
    """Book a known citizen (staff may book up to the last minute) and queue their receipt; BookingRefused."""
    booked = await book_appointment(
        session, center=center, citizen_id=citizen_id, service=service, starts_at=starts_at, now=now,
        actor=AuditActor.STAFF, staff_id=staff_id, language=language, min_notice=timedelta(0),
    )  # fmt: skip
    await tell_appointment_booked(session, center=center, booked=booked, now=now)
    return booked


async def book_for_caller(
    session: AsyncSession,
    *,
    center: Center,
    phone: str,
    service: str,
    starts_at: datetime,
    staff_id: int,
    now: datetime,
    language: str | None = None,
    name: str | None = None,
) -> tuple[BookedAppointment, ChannelIdentity]:
    """Book a caller or walk-in found (or added) by their E.164 number; a name given is kept if none is known."""
    identity, citizen = await identity_for_phone(session, center_id=center.id, phone=phone, now=now)
    if name and not citizen.display_name:
        await _name(session, citizen, name)
    booked = await book_for_citizen(
        session, center=center, citizen_id=citizen.id, service=service, starts_at=starts_at,
        staff_id=staff_id, now=now, language=language,
    )  # fmt: skip
    return booked, identity


async def _name(session: AsyncSession, citizen: Citizen, name: str) -> None:
    citizen.display_name = name[:200]
    await session.flush()
