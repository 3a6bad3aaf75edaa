"""Staff book an appointment for a citizen or a caller (the citizen gets a receipt), or cancel one (told once)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.notices.appointments import tell_appointment_booked, tell_appointment_cancelled
from bot.notices.waiting import offer_freed_time
from storage.appointments import BookedAppointment, book_appointment, cancel_appointment
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
    assignee_id: int | None = None,
) -> BookedAppointment:
    """Book a known citizen (staff may book up to the last minute) and queue their receipt; BookingRefused."""
    booked = await book_appointment(
        session, center=center, citizen_id=citizen_id, service=service, starts_at=starts_at, now=now,
        actor=AuditActor.STAFF, staff_id=staff_id, language=language, min_notice=timedelta(0),
        assignee_id=assignee_id,
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
    assignee_id: int | None = None,
) -> tuple[BookedAppointment, ChannelIdentity]:
    """Book a caller or walk-in found (or added) by their E.164 number; a name given is kept if none is known."""
    identity, citizen = await identity_for_phone(session, center_id=center.id, phone=phone, now=now)
    if name and not citizen.display_name:
        await _name(session, citizen, name)
    booked = await book_for_citizen(
        session, center=center, citizen_id=citizen.id, service=service, starts_at=starts_at,
        staff_id=staff_id, now=now, language=language, assignee_id=assignee_id,
    )  # fmt: skip
    return booked, identity


async def cancel_for_citizen(
    session: AsyncSession,
    *,
    center: Center,
    booked: BookedAppointment,
    staff_id: int,
    reason: str,
    now: datetime,
) -> None:
    """Staff cancel a live appointment (audited; BookingRefused when not live): the citizen is told once, with
    the reason, and the freed place goes first to the waiting list of that service."""
    await cancel_appointment(
        session, booked=booked, now=now, actor=AuditActor.STAFF, staff_id=staff_id, reason=reason
    )
    await tell_appointment_cancelled(session, center=center, booked=booked, reason=reason, now=now)
    await offer_freed_time(
        session, center=center, service=booked.slot.service, starts_at=booked.slot.starts_at, now=now
    )


async def _name(session: AsyncSession, citizen: Citizen, name: str) -> None:
    citizen.display_name = name[:200]
    await session.flush()
