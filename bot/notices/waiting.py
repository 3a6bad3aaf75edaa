"""A freed appointment time is offered to the first citizen on that service's waiting list.

Choice keys ``waitlist:<entry_id>:<start>:take`` and ``…:no`` are answered by the conversation; the dedupe key
names the entry and the time, so a cancellation handled twice offers once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.notices.send import citizen_contact, send_once
from bot.notices.words import service_name, when
from bot.outbound import N_, Choice, Outbound, Text
from frontdesk.availability import MIN_NOTICE
from storage.models import Center
from storage.waiting import mark_offered, next_in_line, wait_again

# Skip at most this many unreachable citizens (erased, STOP) before giving up on one freed time.
MAX_TRIES = 5


def offer_key(entry_id: int, starts_at: datetime, answer: str) -> str:
    """The choice key of an answer to a waiting-list offer."""
    return f"waitlist:{entry_id}:{int(starts_at.timestamp())}:{answer}"


def offer_message(center: Center, service: str, starts_at: datetime, entry_id: int, locale: str) -> Outbound:
    """What the waiting citizen reads: the freed time and two choices."""
    text = Text(
        N_("A time with the {service} has freed up: {when}. Would you like it?"),
        {"service": service_name(service), "when": when(locale, starts_at, center)},
    )
    choices = (
        Choice(offer_key(entry_id, starts_at, "take"), Text(N_("Yes, book it"))),
        Choice(offer_key(entry_id, starts_at, "no"), Text(N_("No, thank you"))),
    )
    return Outbound((text,), choices)


async def offer_freed_time(
    session: AsyncSession, *, center: Center, service: str, starts_at: datetime, now: datetime
) -> int:
    """Offer a time that just freed up to the first waiting citizen who can be reached; messages queued."""
    if starts_at < now + MIN_NOTICE:
        return 0
    for _ in range(MAX_TRIES):
        entry = await next_in_line(
            session, center_id=center.id, service=service, starts_at=starts_at, now=now
        )
        if entry is None or not await mark_offered(session, entry=entry, starts_at=starts_at, now=now):
            return 0
        contact = await citizen_contact(session, entry.citizen_id)
        sent = 0
        if contact is not None:
            identity, locale = contact
            sent = await send_once(
                session, center=center, identity=identity, locale=locale,
                message=offer_message(center, service, starts_at, entry.id, locale),
                dedupe_key=f"waitlist:{entry.id}:{int(starts_at.timestamp())}", now=now,
            )  # fmt: skip
        if sent:
            return sent
        # Unreachable (STOP, erased): they keep their place in the queue; the time goes to the next one.
        await wait_again(session, entry=entry)
    return 0
