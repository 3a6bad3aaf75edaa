"""The citizen hears that an appointment was booked for them, or cancelled (with the reason)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.notices.send import citizen_contact, send_once
from bot.notices.words import address, service_name, when
from bot.outbound import N_, Outbound, Text
from storage.appointments import BookedAppointment
from storage.models import Center


async def tell_appointment_booked(
    session: AsyncSession, *, center: Center, booked: BookedAppointment, now: datetime
) -> int:
    """A receipt for an appointment staff booked on the citizen's behalf."""
    contact = await citizen_contact(session, booked.appointment.citizen_id)
    if contact is None:
        return 0
    identity, locale = contact
    text = Text(
        N_("Appointment with the {service}: {when}, {address}."),
        {
            "service": service_name(booked.slot.service),
            "when": when(locale, booked.slot.starts_at, center),
            "address": address(center, locale),
        },
    )
    return await send_once(
        session, center=center, identity=identity, locale=locale, message=Outbound((text,)),
        dedupe_key=f"appt:{booked.appointment.id}:booked", now=now,
    )  # fmt: skip


async def tell_appointment_cancelled(
    session: AsyncSession, *, center: Center, booked: BookedAppointment, reason: str, now: datetime
) -> int:
    """The citizen hears that staff cancelled an appointment, and why."""
    contact = await citizen_contact(session, booked.appointment.citizen_id)
    if contact is None:
        return 0
    identity, locale = contact
    text = Text(
        N_("Your appointment on {when} is cancelled: {reason}"),
        {"when": when(locale, booked.slot.starts_at, center), "reason": Text.verbatim(reason)},
    )
    hint = Text(N_("Write MENU to book another time."))
    return await send_once(
        session, center=center, identity=identity, locale=locale, message=Outbound((text, hint)),
        dedupe_key=f"appt:{booked.appointment.id}:cancelled", now=now,
    )  # fmt: skip
