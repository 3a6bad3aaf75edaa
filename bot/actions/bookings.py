"""The citizen's bookings: list what is coming; cancel one (confirmed first) or move it to another time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.actions.appointments import FRESH, appointment_words, cancel_own_appointment
from bot.actions.visits import cancel_own_visit_booking, visit_words
from bot.conversation.turn import Turn
from bot.engine import ActResult, FlowState
from bot.notices.words import short_when
from bot.outbound import N_, Outbound, Text
from storage.bookings import list_bookings_of


async def list_my_bookings(turn: Turn, state: FlowState) -> ActResult:
    """The appointments and visit places to come, kept in the conversation for the choices."""
    found = await list_bookings_of(turn.session, citizen_id=turn.citizen.id, now=turn.now)
    areas = {area.id: area.slug for area in turn.areas}
    bookings = [
        {
            "key": f"{'a' if booking.kind == 'appointment' else 'v'}:{booking.id}",
            "at": booking.starts_at.isoformat(),
            "service": booking.service,
            "area": areas.get(booking.area_id or 0),
        }
        for booking in found
    ]
    if not bookings:
        return ActResult(
            "none", slots={"bookings": []}, messages=(Outbound.say(N_("You have no bookings.")),)
        )
    return ActResult("some", slots={"bookings": bookings})


def chosen(state: FlowState) -> dict[str, Any] | None:
    """The booking the citizen chose from the list."""
    key = state.slots.get("chosen")
    return next((item for item in state.slots.get("bookings") or () if item["key"] == key), None)


def booking_words(turn: Turn, item: dict[str, Any]) -> str:
    """A booking of the list in the citizen's words, e.g. "Appointment with the psychologist, Tue 24 Nov, 10:00"."""
    at = datetime.fromisoformat(item["at"])
    if item["key"].startswith("a:"):
        return appointment_words(turn, str(item["service"]), short_when(turn.language.value, at, turn.center))
    area = next((area for area in turn.areas if area.slug == item["area"]), None)
    if area is None:
        return short_when(turn.language.value, at, turn.center).msgid
    return visit_words(turn, area, at)


async def describe_booking(turn: Turn, state: FlowState) -> ActResult:
    """The chosen booking in words, for the questions about it."""
    item = chosen(state)
    if item is None:
        return ActResult("gone")
    return ActResult(slots={"booking": booking_words(turn, item)})


async def cancel_my_booking(turn: Turn, state: FlowState) -> ActResult:
    """Cancel the chosen booking, freeing its place exactly once."""
    item = chosen(state)
    number = int(item["key"][2:]) if item else 0
    if item is not None and item["key"].startswith("a:"):
        done = await cancel_own_appointment(turn, number) is not None
    else:
        done = item is not None and await cancel_own_visit_booking(turn, number) is not None
    if not done:
        return ActResult(messages=(Outbound.say(N_("This booking is no longer active.")),))
    text = Text(N_("Cancelled: {booking}."), {"booking": Text.verbatim(str(state.slots.get("booking")))})
    return ActResult(slots={"chosen": None}, messages=(Outbound((text,)),))


async def move_my_booking(turn: Turn, state: FlowState) -> ActResult:
    """Move the chosen booking: the next times of the same service, or the next visits to the same area."""
    item = chosen(state)
    if item is None:
        return ActResult("gone")
    if item["key"].startswith("a:"):
        return ActResult("appointment", slots={**FRESH, "service": item["service"], "moving": item["key"]})
    return ActResult("visit", slots={"area": item["area"], "moving": item["key"]})


ACTIONS = {
    "list_my_bookings": list_my_bookings,
    "describe_booking": describe_booking,
    "cancel_my_booking": cancel_my_booking,
    "move_my_booking": move_my_booking,
}
