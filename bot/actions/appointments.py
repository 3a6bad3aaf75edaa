"""Booking an appointment in the conversation: service, offered time, confirmation, receipt, waiting list."""

from __future__ import annotations

from bot.actions.times import interpreter_language, offer_times
from bot.conversation.booking_options import bookable, time_of
from bot.conversation.turn import Turn
from bot.engine import ActResult, FlowState
from bot.i18n import translate
from bot.notices.waiting import offer_freed_time
from bot.notices.words import address, service_name, short_when, when
from bot.outbound import N_, Outbound, Text
from frontdesk.availability import CALLBACK
from storage.appointments import BookedAppointment, BookingRefused, book_appointment, cancel_appointment
from storage.appointments import get_appointment as find_appointment
from storage.enums import AuditActor
from storage.waiting import close_waiting, join_waiting_list

# Slots an earlier booking conversation may have left behind; a new one starts without them.
FRESH = {"moving": None, "when": None, "offer": None, "more": None, "pick": None, "booking": None}


async def booking_services(turn: Turn, state: FlowState) -> ActResult:
    """Which services can be booked: none, one (chosen at once) or several (the citizen chooses)."""
    services = bookable(turn.center)
    if not services:
        note = Outbound.say(N_("Appointments cannot be booked here. Please call us or visit the center."))
        return ActResult("none", slots=FRESH, messages=(note,))
    if len(services) == 1:
        return ActResult("one", slots={**FRESH, "service": services[0]})
    return ActResult("many", slots=FRESH)


def appointment_words(turn: Turn, service: str, at_text: Text) -> str:
    """ "Appointment with the psychologist, Tue 24 Nov, 10:00" in the citizen's language (a prompt slot)."""
    text = Text(
        N_("Appointment with the {service}, {when}"), {"service": service_name(service), "when": at_text}
    )
    return translate(turn.language.value, text)


async def picked_time(turn: Turn, state: FlowState) -> ActResult:
    """Remember the time chosen, in words, for the question that confirms it."""
    at = time_of(state.slots.get("pick"))
    if at is None:
        return ActResult("gone")
    words = appointment_words(
        turn, str(state.slots["service"]), short_when(turn.language.value, at, turn.center)
    )
    return ActResult(slots={"booking": words})


def receipt(turn: Turn, booked: BookedAppointment, moved: bool = False) -> Outbound:
    """The citizen's receipt: what, when, where, an interpreter if one is booked, and what to bring."""
    language = turn.language.value
    parts = [Text(N_("Your appointment is moved."))] if moved else []
    if booked.slot.service == CALLBACK:
        at = when(language, booked.slot.starts_at, turn.center)
        return Outbound((*parts, Text(N_("Done. We will call you on {when}."), {"when": at})))
    parts.append(
        Text(
            N_("Booked: appointment with the {service}, {when}, {address}."),
            {
                "service": service_name(booked.slot.service),
                "when": when(language, booked.slot.starts_at, turn.center),
                "address": address(turn.center, language),
            },
        )
    )
    if booked.appointment.interpreter_id:
        parts.append(Text(N_("An interpreter for your language will be there.")))
    parts.append(Text(N_("Please bring your ID and your AMKA number.")))
    return Outbound(tuple(parts))


async def book_picked_time(turn: Turn, state: FlowState) -> ActResult:
    """Book the confirmed time; a time taken meanwhile gets an apology and the next free times."""
    service, at = str(state.slots["service"]), time_of(state.slots.get("pick"))
    if at is None:
        return await _taken(turn, state)
    try:
        booked = await book_appointment(
            turn.session, center=turn.center, citizen_id=turn.citizen.id, service=service, starts_at=at,
            now=turn.now, actor=AuditActor.CITIZEN, language=interpreter_language(turn),
        )  # fmt: skip
    except BookingRefused as refused:
        if refused.reason == "already_booked":
            return ActResult("done", messages=(Outbound.say(N_("You have already booked this time.")),))
        return await _taken(turn, state)
    await close_waiting(
        turn.session, center_id=turn.center.id, citizen_id=turn.citizen.id, service=service, now=turn.now
    )
    moving = state.slots.get("moving")
    moved = isinstance(moving, str) and moving.startswith("a:")
    if moved:
        await cancel_own_appointment(turn, int(str(moving)[2:]))
    return ActResult("booked", slots=FRESH, messages=(receipt(turn, booked, moved),))


async def _taken(turn: Turn, state: FlowState) -> ActResult:
    apology = Outbound.say(N_("Sorry, that time was just taken."))
    offer = await offer_times(turn, state)
    return ActResult(
        "taken" if offer.outcome == "some" else "none", slots=offer.slots, messages=(apology, *offer.messages)
    )


async def cancel_own_appointment(turn: Turn, appointment_id: int) -> BookedAppointment | None:
    """Cancel one of the citizen's live appointments and offer its place to the waiting list; None if not live."""
    booked = await find_appointment(turn.session, center_id=turn.center.id, appointment_id=appointment_id)
    if booked is None or booked.appointment.citizen_id != turn.citizen.id:
        return None
    try:
        await cancel_appointment(turn.session, booked=booked, now=turn.now, actor=AuditActor.CITIZEN)
    except BookingRefused:
        return None
    await offer_freed_time(
        turn.session, center=turn.center, service=booked.slot.service, starts_at=booked.slot.starts_at,
        now=turn.now,
    )  # fmt: skip
    return booked


async def join_waiting(turn: Turn, state: FlowState) -> ActResult:
    """Put the citizen on the service's waiting list."""
    service = str(state.slots["service"])
    await join_waiting_list(
        turn.session, center_id=turn.center.id, citizen_id=turn.citizen.id, service=service, now=turn.now
    )
    done = Text(
        N_("Done. When a time with the {service} frees up, we will offer it to you here."),
        {"service": service_name(service)},
    )
    return ActResult(slots=FRESH, messages=(Outbound((done,)),))


ACTIONS = {
    "booking_services": booking_services,
    "picked_time": picked_time,
    "book_picked_time": book_picked_time,
    "join_waiting_list": join_waiting,
}
