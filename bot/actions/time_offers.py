"""The citizen answers times staff offered from their case: the chosen one is booked, as in the conversation."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.actions.appointments import receipt
from bot.actions.times import interpreter_language
from bot.conversation.turn import Turn
from bot.engine import ActResult
from bot.notices.time_offers import parse_offer_key, send_offer
from bot.outbound import N_, Outbound
from storage.appointments import BookingRefused, book_appointment
from storage.bookings import list_bookings_of
from storage.enums import AuditActor
from storage.models import Case
from storage.queue import get_case
from storage.slots import find_free_slots
from storage.threads import add_citizen_message
from storage.time_offers import offered_keys
from storage.waiting import close_waiting

CLOSED = N_("This offer is no longer open.")
# Staff offered these times themselves: the citizen may take one up to its start, as staff may book it.
NOTICE = timedelta(0)


def _done(*msgids: str) -> ActResult:
    return ActResult("done", messages=tuple(Outbound.say(msgid) for msgid in msgids))


async def _already_took_one(turn: Turn, service: str, times: set[datetime]) -> bool:
    """Whether the citizen holds a live booking at one of the offer's times (the offer is answered)."""
    booked = await list_bookings_of(turn.session, citizen_id=turn.citizen.id, now=turn.now)
    return any(item.service == service and item.starts_at in times for item in booked)


async def _still_free(turn: Turn, service: str, times: set[datetime]) -> list[datetime]:
    """Which of these times still have room for the citizen."""
    if not times:
        return []
    slots = await find_free_slots(
        turn.session, center=turn.center, from_=min(times), to=max(times) + timedelta(minutes=1), now=turn.now,
        service=service, language=interpreter_language(turn), min_notice=NOTICE,
    )  # fmt: skip
    return sorted({slot.starts_at for slot in slots} & times)


async def _taken(turn: Turn, case: Case, service: str, left: set[datetime]) -> ActResult:
    """The time went meanwhile: the offer's other free times, or a polite word and the case back to staff."""
    free = await _still_free(turn, service, left)
    if free:
        await send_offer(
            turn.session, center=turn.center, case_id=case.id, identity=turn.identity,
            locale=turn.language.value, service=service, times=free, now=turn.now, taken=True,
        )  # fmt: skip
        return ActResult("done")
    # Staff see the case waiting for them, with the bot's word in the thread, and offer other times.
    add_citizen_message(case, now=turn.now)
    return _done(N_("Sorry, that time was just taken."), N_("We will offer you other times soon."))


async def answer_staff_offer(turn: Turn, key: str) -> ActResult:
    """Book the offered time the citizen chose; a time taken meanwhile gets the offer's remaining times."""
    found = parse_offer_key(key)
    case = None if found is None else await get_case(turn.session, center_id=turn.center.id, case_id=found[0])
    if found is None or case is None or case.citizen_id != turn.citizen.id:
        return _done(CLOSED)
    _case_id, service, at = found
    # Only a time of an offer really sent to this citizen is booked (a forged button books nothing).
    keys = await offered_keys(turn.session, case_id=case.id, identity_id=turn.identity.id, key=key)
    times = {parsed[2] for parsed in map(parse_offer_key, keys) if parsed is not None}
    if not times or await _already_took_one(turn, service, times - {at}):
        return _done(CLOSED)
    try:
        booked = await book_appointment(
            turn.session, center=turn.center, citizen_id=turn.citizen.id, service=service, starts_at=at,
            now=turn.now, actor=AuditActor.CITIZEN, language=interpreter_language(turn), min_notice=NOTICE,
        )  # fmt: skip
    except BookingRefused as refused:
        if refused.reason == "already_booked":
            return _done(N_("You have already booked this time."))
        return await _taken(turn, case, service, times - {at})
    await close_waiting(
        turn.session, center_id=turn.center.id, citizen_id=turn.citizen.id, service=service, now=turn.now
    )
    return ActResult("done", messages=(receipt(turn, booked),))
