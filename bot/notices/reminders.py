"""Reminders before appointments and mobile-unit visits, in the citizen's language, with two choices.

"1" confirms and "2" cancels: the choice keys are ``reminder:<kind>:<booking_id>:confirm`` and
``…:cancel`` (``kind`` is ``appointment`` or ``visit``), answered by the conversation.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.notices.send import citizen_contact, send_once
from bot.notices.words import address, area_name, service_name, when
from bot.outbound import N_, Choice, Outbound, Text
from storage.models import Area, Center, MobileVisit
from storage.reminders import Upcoming


async def reminder_message(
    session: AsyncSession, upcoming: Upcoming, center: Center, locale: str
) -> Outbound:
    """What the citizen reads: what, when, where; then "I will come" and "Cancel it"."""
    at = when(locale, upcoming.starts_at, center)
    if upcoming.kind == "appointment":
        text = Text(
            N_("Reminder: appointment with the {service}, {when}, {address}."),
            {"service": service_name(upcoming.subject), "when": at, "address": address(center, locale)},
        )
    else:
        visit = await session.get_one(MobileVisit, int(upcoming.subject))
        area = await session.get_one(Area, visit.area_id)
        place = Text.verbatim(visit.place) if visit.place else area_name(area, locale)
        text = Text(
            N_("Reminder: the mobile unit comes to {place}, {when}. You have a place."),
            {"place": place, "when": at},
        )
    prefix = f"reminder:{upcoming.kind}:{upcoming.booking_id}"
    choices = (
        Choice(f"{prefix}:confirm", Text(N_("I will come"))),
        Choice(f"{prefix}:cancel", Text(N_("Cancel it"))),
    )
    return Outbound((text,), choices)


async def send_reminder(
    session: AsyncSession, *, upcoming: Upcoming, hours: int, center: Center, now: datetime
) -> int:
    """Queue one reminder, at most once ever (its key names the booking, its start and the offset)."""
    contact = await citizen_contact(session, upcoming.citizen_id)
    if contact is None:
        return 0
    identity, locale = contact
    message = await reminder_message(session, upcoming, center, locale)
    return await send_once(
        session, center=center, identity=identity, locale=locale, message=message,
        dedupe_key=upcoming.reminder_key(hours), now=now,
    )  # fmt: skip
