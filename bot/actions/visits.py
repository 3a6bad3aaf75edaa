"""Booking a place at a mobile-unit visit in the conversation: choose, confirm, receipt; full → next visits."""

from __future__ import annotations

from datetime import datetime

from bot.conversation.turn import Turn
from bot.engine import ActResult, FlowState
from bot.i18n import translate
from bot.notices.words import area_name, short_when, when
from bot.outbound import N_, Outbound, Text
from storage.appointments import BookingRefused
from storage.enums import AuditActor
from storage.models import Area, MobileVisit, VisitBooking
from storage.visits import book_visit, cancel_visit_booking, get_citizen_visit_booking, get_visit


async def _own_booking(turn: Turn, booking_id: int) -> VisitBooking | None:
    return await get_citizen_visit_booking(
        turn.session, center_id=turn.center.id, citizen_id=turn.citizen.id, booking_id=booking_id
    )


async def moving_visit_id(turn: Turn, state: FlowState) -> int | None:
    """The visit whose place the citizen is moving from "my bookings", if any."""
    moving = state.slots.get("moving")
    if not (isinstance(moving, str) and moving.startswith("v:")):
        return None
    booking = await _own_booking(turn, int(moving[2:]))
    return booking.visit_id if booking else None


def visit_words(turn: Turn, area: Area, at: datetime) -> str:
    """ "Mobile unit in Ios, Tue 1 Dec, 10:00" in the citizen's language (a prompt slot)."""
    language = turn.language.value
    text = Text(
        N_("Mobile unit in {area}, {when}"),
        {"area": area_name(area, language), "when": short_when(language, at, turn.center)},
    )
    return translate(language, text)


async def _visit(turn: Turn, visit_id: object) -> MobileVisit | None:
    if not str(visit_id).isdigit():
        return None
    return await get_visit(turn.session, center_id=turn.center.id, visit_id=int(str(visit_id)))


async def picked_visit(turn: Turn, state: FlowState) -> ActResult:
    """Remember the visit chosen, in words, for the question that confirms it."""
    visit = await _visit(turn, state.slots.get("visit"))
    if visit is None:
        return ActResult("gone")
    area = await turn.session.get_one(Area, visit.area_id)
    return ActResult(slots={"booking": visit_words(turn, area, visit.starts_at)})


def visit_receipt(turn: Turn, visit: MobileVisit, area: Area, moved: bool = False) -> Outbound:
    """The citizen's receipt for a place: where and when, and what to bring."""
    language = turn.language.value
    parts = [Text(N_("Your place is moved."))] if moved else []
    at = when(language, visit.starts_at, turn.center)
    if visit.place:
        parts.append(
            Text(
                N_("Booked: a place at the mobile unit, {when}, {place}."),
                {"when": at, "place": Text.verbatim(visit.place)},
            )
        )
    else:
        parts.append(
            Text(
                N_("Booked: a place at the mobile unit in {area}, {when}."),
                {"when": at, "area": area_name(area, language)},
            )
        )
    parts.append(Text(N_("Please bring your ID and your AMKA number.")))
    return Outbound(tuple(parts))


async def book_place(turn: Turn, visit: MobileVisit, moving: object = None) -> ActResult:
    """Book a place at a visit: receipt (``booked``), already theirs (``done``), or full/cancelled (``full``)."""
    area = await turn.session.get_one(Area, visit.area_id)
    try:
        await book_visit(
            turn.session, visit=visit, citizen_id=turn.citizen.id, now=turn.now, actor=AuditActor.CITIZEN
        )
    except BookingRefused as refused:
        if refused.reason == "already_booked":
            return ActResult("done", messages=(Outbound.say(N_("You already have a place at this visit.")),))
        sorry = Outbound.say(N_("Sorry, that visit has just filled up or was cancelled."))
        return ActResult("full", slots={"area": area.slug}, messages=(sorry,))
    moved = isinstance(moving, str) and moving.startswith("v:")
    if moved:
        await cancel_own_visit_booking(turn, int(str(moving)[2:]))
    return ActResult("booked", slots={"moving": None}, messages=(visit_receipt(turn, visit, area, moved),))


async def book_picked_visit(turn: Turn, state: FlowState) -> ActResult:
    """Book the confirmed visit; full meanwhile → the next visits to that area."""
    visit = await _visit(turn, state.slots.get("visit"))
    if visit is None:
        return ActResult(
            "full", messages=(Outbound.say(N_("Sorry, that visit has just filled up or was cancelled.")),)
        )
    return await book_place(turn, visit, state.slots.get("moving"))


async def cancel_own_visit_booking(turn: Turn, booking_id: int) -> VisitBooking | None:
    """Give up one of the citizen's live places (freed exactly once); None when it is not live."""
    booking = await _own_booking(turn, booking_id)
    if booking is None:
        return None
    try:
        await cancel_visit_booking(turn.session, booking=booking, now=turn.now, actor=AuditActor.CITIZEN)
    except BookingRefused:
        return None
    return booking


async def visit_of_booking(turn: Turn, booking_id: int) -> tuple[VisitBooking, MobileVisit] | None:
    """A live booking of the citizen with its visit, or None."""
    booking = await _own_booking(turn, booking_id)
    if booking is None:
        return None
    visit = await get_visit(turn.session, center_id=turn.center.id, visit_id=booking.visit_id)
    return None if visit is None else (booking, visit)


ACTIONS = {"picked_visit": picked_visit, "book_picked_visit": book_picked_visit}
