"""Answers to job choices: reminders, visit changes (rebook), the waiting list and times staff offered."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.actions.appointments import FRESH, cancel_own_appointment, receipt
from bot.actions.time_offers import answer_staff_offer
from bot.actions.times import interpreter_language
from bot.actions.visits import book_place, cancel_own_visit_booking, visit_of_booking
from bot.conversation.turn import Turn
from bot.engine import ActResult, FlowState
from bot.notices.waiting import offer_freed_time
from bot.notices.words import when
from bot.outbound import N_, Outbound, ParamValue, Text
from storage.appointments import BookingRefused, book_appointment, get_appointment
from storage.enums import AuditActor, BookingStatus
from storage.models import MobileVisit
from storage.visits import get_visit, list_places_left_behind
from storage.waiting import close_waiting, get_entry, wait_again

GONE = N_("This booking is no longer active.")


def _done(msgid: str, **params: ParamValue) -> ActResult:
    return ActResult("done", messages=(Outbound((Text(msgid, dict(params)),)),))


async def _reminder_appointment(turn: Turn, number: int, answer: str) -> ActResult:
    booked = await get_appointment(turn.session, center_id=turn.center.id, appointment_id=number)
    live = booked is not None and booked.appointment.citizen_id == turn.citizen.id
    if booked is None or not live or booked.appointment.status is not BookingStatus.BOOKED:
        return _done(GONE)
    at = when(turn.language.value, booked.slot.starts_at, turn.center)
    if answer == "confirm":
        return _done(N_("Thank you. See you on {when}."), when=at)
    await cancel_own_appointment(turn, number)
    return _done(N_("Your appointment on {when} is cancelled. Write MENU to book another time."), when=at)


async def _reminder_visit(turn: Turn, number: int, answer: str) -> ActResult:
    found = await visit_of_booking(turn, number)
    if found is None or found[0].status is not BookingStatus.BOOKED:
        return _done(GONE)
    at = when(turn.language.value, found[1].starts_at, turn.center)
    if answer == "confirm":
        return _done(N_("Thank you. See you on {when}."), when=at)
    await cancel_own_visit_booking(turn, number)
    return _done(N_("Your place on {when} is cancelled."), when=at)


async def _rebook(turn: Turn, visit_id: int) -> ActResult:
    visit = await get_visit(turn.session, center_id=turn.center.id, visit_id=visit_id)
    if visit is None:
        return _done(GONE)
    moved_from = await _moved_places(turn, visit)
    result = await book_place(turn, visit, f"v:{moved_from[0]}" if moved_from else None)
    if result.outcome == "full":
        return ActResult("visits", slots={**result.slots, "moving": None}, messages=result.messages)
    return ActResult("done", slots=result.slots, messages=result.messages)


async def _moved_places(turn: Turn, visit: MobileVisit) -> list[int]:
    """The citizen's live places at other visits to the same area moved after they booked (they are leaving)."""
    return await list_places_left_behind(turn.session, citizen_id=turn.citizen.id, visit=visit)


async def _waiting_offer(turn: Turn, entry_id: int, stamp: int, answer: str) -> ActResult:
    entry = await get_entry(turn.session, entry_id=entry_id, citizen_id=turn.citizen.id)
    if entry is None:
        return _done(N_("This offer is no longer open."))
    at = datetime.fromtimestamp(stamp, UTC)
    if answer != "take":
        await wait_again(turn.session, entry=entry)
        await offer_freed_time(
            turn.session, center=turn.center, service=entry.service, starts_at=at, now=turn.now
        )
        return _done(N_("All right. You stay on the waiting list."))
    try:
        booked = await book_appointment(
            turn.session, center=turn.center, citizen_id=turn.citizen.id, service=entry.service, starts_at=at,
            now=turn.now, actor=AuditActor.CITIZEN, language=interpreter_language(turn),
        )  # fmt: skip
    except BookingRefused as refused:
        if refused.reason == "already_booked":
            return _done(N_("You have already booked this time."))
        await wait_again(turn.session, entry=entry)
        sorry = Outbound.say(N_("Sorry, that time was just taken."))
        return ActResult("times", slots={**FRESH, "service": entry.service}, messages=(sorry,))
    await close_waiting(
        turn.session,
        center_id=turn.center.id,
        citizen_id=turn.citizen.id,
        service=entry.service,
        now=turn.now,
    )
    return ActResult("done", messages=(receipt(turn, booked),))


async def answer_job_choice(turn: Turn, state: FlowState) -> ActResult:
    """Do what a choice of a reminder, a visit change, a waiting-list offer or a staff offer asks."""
    parts = str(state.slots.get("reply", "")).split(":")
    numbers = [int(part) for part in parts[1:] if part.isdigit()]
    match parts:
        case ["reminder", "appointment", _, "confirm" | "cancel" as answer] if numbers:
            return await _reminder_appointment(turn, numbers[0], answer)
        case ["reminder", "visit", _, "confirm" | "cancel" as answer] if numbers:
            return await _reminder_visit(turn, numbers[0], answer)
        case ["rebook", _] if numbers:
            return await _rebook(turn, numbers[0])
        case ["waitlist", _, _, "take" | "no" as answer] if len(numbers) == 2:
            return await _waiting_offer(turn, numbers[0], numbers[1], answer)
        case ["offer", *_]:
            return await answer_staff_offer(turn, str(state.slots["reply"]))
    return _done(GONE)


ACTIONS = {"answer_job_choice": answer_job_choice}
