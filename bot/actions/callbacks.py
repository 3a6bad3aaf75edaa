"""A call-back booked like an appointment: the next opening times as choices, one call per professional."""

from __future__ import annotations

from bot.actions.appointments import FRESH
from bot.actions.casework import open_case
from bot.actions.times import offer_times
from bot.conversation.booking_options import time_of
from bot.conversation.turn import Turn
from bot.engine import ActResult, FlowState
from bot.notices.words import when
from bot.outbound import N_, Outbound, Text
from frontdesk.availability import CALLBACK
from storage.appointments import BookingRefused, book_appointment
from storage.cases import NewCase
from storage.enums import AuditActor, CaseCategory, CasePriority, CaseSource, ContactPreference


async def offer_callback_times(turn: Turn, state: FlowState) -> ActResult:
    """The first call-back times on offer."""
    fresh = FlowState(state.flow, state.node, {**state.slots, **FRESH, "service": CALLBACK})
    offer = await offer_times(turn, fresh)
    return ActResult(
        offer.outcome, slots={**FRESH, "service": CALLBACK, **offer.slots}, messages=offer.messages
    )


def _national(phone: str) -> str:
    # Greek numbers read better without the country code: 6912345678.
    return phone[3:] if phone.startswith("+30") else phone


async def book_callback(turn: Turn, state: FlowState) -> ActResult:
    """Book the chosen call-back time; a case tells staff whom to call, at which number, and when."""
    at, phone = time_of(state.slots.get("pick")), str(state.slots["phone"])
    try:
        if at is None:
            raise BookingRefused("not_offered")
        booked = await book_appointment(
            turn.session, center=turn.center, citizen_id=turn.citizen.id, service=CALLBACK, starts_at=at,
            now=turn.now, actor=AuditActor.CITIZEN,
        )  # fmt: skip
    except BookingRefused:
        offer = await offer_times(turn, state)
        sorry = Outbound.say(N_("Sorry, that time was just taken."))
        return ActResult(
            "taken" if offer.outcome == "some" else "none",
            slots=offer.slots,
            messages=(sorry, *offer.messages),
        )
    turn.citizen.callback_phone = phone
    case = await open_case(
        turn,
        NewCase(
            category=CaseCategory.OTHER, priority=CasePriority.NORMAL, source=CaseSource.CALLBACK,
            summary=f"Call back at {booked.slot.starts_at.isoformat()}", contact_preference=ContactPreference.PHONE_CALL,
            contact_phone=phone,
        ),
    )  # fmt: skip
    booked.appointment.case_id = case.id
    done = Text(
        N_("Done. We will call you at {phone} on {when}."),
        {"phone": _national(phone), "when": when(turn.language.value, booked.slot.starts_at, turn.center)},
    )
    reference = Text(N_("Your reference is {reference}."), {"reference": case.reference})
    return ActResult("booked", slots=FRESH, messages=(Outbound((done, reference)),))


ACTIONS = {"offer_callback_times": offer_callback_times, "book_callback": book_callback}
