"""Citizens hear about their mobile-unit places: a receipt, and once per change a move or a cancellation.

A change notice offers the next visits to the same area as choices (``rebook:<visit_id>``), so a citizen
rebooks in one tap or one digit. Its dedupe key names the visit, the change (cancelled; or moved, with the
new start and the time of the change) and the booking: a handler or job that runs twice tells each
citizen once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.notify import CannotReply, check_reachable, notice_pages
from bot.notices.preview import Preview, Version
from bot.notices.send import citizen_contact, send_once
from bot.notices.words import area_name, when
from bot.outbound import N_, Choice, Outbound, Text
from storage.contacts import contacts_of, languages_of
from storage.enums import Channel, VisitStatus
from storage.models import Area, Center, ChannelIdentity, MobileVisit, VisitBooking
from storage.visits import bookings_to_tell, mark_change_told, next_visits

REBOOK = "rebook:{visit_id}"


async def tell_visit_booked(
    session: AsyncSession, *, center: Center, visit: MobileVisit, booking: VisitBooking, now: datetime
) -> int:
    """A receipt for a place staff booked on the citizen's behalf."""
    message = N_("You have a place at the mobile unit in {area}: {when}.")
    return await _tell_about_visit(session, center, visit, booking, message, f"booked:{booking.id}", now)


async def tell_home_visit_scheduled(
    session: AsyncSession, *, center: Center, visit: MobileVisit, booking: VisitBooking, now: datetime
) -> int:
    """The citizen who asked for a home visit hears when the unit will call on them."""
    message = N_("Your home visit is scheduled: the mobile unit will come to you on {when} ({area}).")
    return await _tell_about_visit(session, center, visit, booking, message, f"home:{booking.id}", now)


async def _tell_about_visit(
    session: AsyncSession, center: Center, visit: MobileVisit, booking: VisitBooking, msgid: str, key: str,
    now: datetime,
) -> int:  # fmt: skip
    contact = await citizen_contact(session, booking.citizen_id)
    if contact is None:
        return 0
    identity, locale = contact
    area = await session.get_one(Area, visit.area_id)
    text = Text(msgid, {"area": area_name(area, locale), "when": when(locale, visit.starts_at, center)})
    return await send_once(
        session, center=center, identity=identity, locale=locale, message=Outbound((text,)),
        dedupe_key=f"visit:{visit.id}:{key}", now=now,
    )  # fmt: skip


def change_message(
    visit: MobileVisit, area: Area, center: Center, others: list[MobileVisit], locale: str
) -> Outbound:
    """What a booked citizen reads about a moved or cancelled visit, with the next visits to choose."""
    name = area_name(area, locale)
    if visit.status is VisitStatus.CANCELLED:
        parts = [
            Text(
                N_("The mobile unit visit to {area} on {when} is cancelled: {reason}"),
                {
                    "area": name,
                    "when": when(locale, visit.starts_at, center),
                    "reason": Text.verbatim(visit.cancel_reason or ""),
                },
            )
        ]
    else:
        parts = [
            Text(
                N_("The mobile unit visit to {area} is moved to {when}. Your place is kept."),
                {"area": name, "when": when(locale, visit.starts_at, center)},
            )
        ]
    choices = tuple(
        Choice(REBOOK.format(visit_id=other.id), when(locale, other.starts_at, center)) for other in others
    )
    if choices:
        cancelled = visit.status is VisitStatus.CANCELLED
        parts.append(Text(N_("Choose another visit:") if cancelled else N_("Or choose another visit:")))
    return Outbound(tuple(parts), choices)


@dataclass(frozen=True)
class ChangeNotice:
    """One booked citizen's notice of a visit's change: where it goes, in which language, what it says."""

    booking: VisitBooking
    identity: ChannelIdentity
    locale: str
    message: Outbound


async def change_notices(
    session: AsyncSession, *, center: Center, visit: MobileVisit, bookings: list[VisitBooking], now: datetime
) -> list[ChangeNotice]:
    """What each of these bookings' citizens reads about the visit as it is (erased citizens are left out)."""
    area = await session.get_one(Area, visit.area_id)
    others = await next_visits(session, area_id=visit.area_id, after=now, exclude_id=visit.id)
    citizen_ids = [booking.citizen_id for booking in bookings if booking.citizen_id]
    contacts = await contacts_of(session, citizen_ids=citizen_ids)
    locales = await languages_of(session, citizen_ids=citizen_ids)
    messages: dict[str, Outbound] = {}
    notices = []
    for booking in bookings:
        identity = contacts.get(booking.citizen_id or 0)
        if identity is None:
            continue
        locale = locales[identity.citizen_id]
        if locale not in messages:
            messages[locale] = change_message(visit, area, center, others, locale)
        notices.append(ChangeNotice(booking, identity, locale, messages[locale]))
    return notices


async def tell_visit_change(
    session: AsyncSession, *, center: Center, visit: MobileVisit, now: datetime
) -> int:
    """Tell every citizen the visit's last change concerns, once each; how many messages were queued."""
    change_at = visit.change_pending_since
    if change_at is None:
        return 0
    bookings = await bookings_to_tell(session, visit=visit)
    change = _change_key(visit, change_at)
    queued = 0
    for notice in await change_notices(session, center=center, visit=visit, bookings=bookings, now=now):
        queued += await send_once(
            session,
            center=center,
            identity=notice.identity,
            locale=notice.locale,
            message=notice.message,
            dedupe_key=f"{change}:{notice.booking.id}",
            now=now,
        )
    await mark_change_told(session, visit=visit, change_at=change_at)
    return queued


def proposed_visit(
    visit: MobileVisit,
    *,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    cancel_reason: str | None = None,
) -> MobileVisit:
    """A detached copy of a visit as a move (new times) or a cancellation (a reason) would leave it."""
    return MobileVisit(
        id=visit.id, center_id=visit.center_id, area_id=visit.area_id, starts_at=starts_at or visit.starts_at,
        ends_at=ends_at or visit.ends_at, capacity=visit.capacity, booked=visit.booked,
        status=VisitStatus.CANCELLED if cancel_reason is not None else visit.status, cancel_reason=cancel_reason,
    )  # fmt: skip


async def preview_visit_change(
    session: AsyncSession, *, center: Center, visit: MobileVisit, proposed: MobileVisit, now: datetime
) -> Preview:
    """Before a move or cancellation: the message each booked citizen will get, rendered as it will be queued."""
    bookings = await bookings_to_tell(session, visit=visit)  # a scheduled visit: its live bookings
    readers: dict[tuple[str, Channel], list[ChangeNotice]] = {}
    skipped = len(bookings)
    for notice in await change_notices(session, center=center, visit=proposed, bookings=bookings, now=now):
        try:
            check_reachable(notice.identity)
        except CannotReply:
            continue
        skipped -= 1
        readers.setdefault((notice.locale, notice.identity.channel), []).append(notice)
    versions = tuple(
        Version(
            locale,
            locale,
            channel,
            citizens=len(notices),
            pages=tuple(notice_pages(notices[0].message, channel=channel, locale=locale, center=center)),
        )
        for (locale, channel), notices in sorted(readers.items(), key=lambda item: (-len(item[1]), item[0]))
    )
    return Preview(versions, skipped=skipped)


def _change_key(visit: MobileVisit, change_at: datetime) -> str:
    """Names one change: a visit is cancelled once; a move by its new start and when it was made."""
    if visit.status is VisitStatus.CANCELLED:
        return f"visit:{visit.id}:cancelled"
    return f"visit:{visit.id}:moved:{int(visit.starts_at.timestamp())}:{int(change_at.timestamp() * 1e6)}"
