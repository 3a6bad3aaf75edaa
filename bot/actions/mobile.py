"""The mobile unit: areas, next visits, announcements and home visits."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.actions.casework import confirmation, open_case
from bot.actions.visits import moving_visit_id
from bot.conversation.center_info import format_day
from bot.conversation.turn import Turn
from bot.engine import ActResult, FlowState
from bot.outbound import N_, Outbound, Text
from storage.bookings import list_upcoming_visits
from storage.cases import NewCase
from storage.enums import CaseCategory, CasePriority, CaseSource, ContactPreference
from storage.models import Area
from storage.subscriptions import is_subscribed, subscribe, unsubscribe

UPCOMING_VISITS_SHOWN = 3
_LINE, _FULL_LINE = N_("- {day}, {time}: {place}"), N_("- {day}, {time}: {place} (full)")


def _area(turn: Turn, state: FlowState) -> Area:
    return next(area for area in turn.areas if area.slug == state.slots["area"])


async def mobile_unit_available(turn: Turn, state: FlowState) -> ActResult:
    """Whether the center has a mobile unit with areas."""
    if turn.center.mobile_unit and turn.areas:
        # A move started in "my bookings" and left unfinished must not cancel a place later.
        return ActResult("yes", slots={"moving": None})
    return ActResult(
        "no",
        messages=(Outbound.say(N_("Our center has no mobile unit. You are welcome at the center itself.")),),
    )


async def mobile_area_visits(turn: Turn, state: FlowState) -> ActResult:
    """The next scheduled visits to the chosen area; those with a place left can be booked."""
    area = _area(turn, state)
    visits = await list_upcoming_visits(
        turn.session, area_id=area.id, now=turn.now, limit=UPCOMING_VISITS_SHOWN
    )
    moving = await moving_visit_id(turn, state)
    bookable = [
        {"id": visit.id, "at": visit.starts_at.isoformat()}
        for visit in visits
        if visit.booked < visit.capacity and visit.id != moving
    ]
    name = Text.verbatim(area.name.get(turn.language) or area.name["el"])
    if not visits:
        parts: tuple[Text, ...] = (Text(N_("No visit to {area} is scheduled yet."), {"area": name}),)
    else:
        lines = tuple(
            Text(_LINE if visit.booked < visit.capacity else _FULL_LINE, {
                "day": format_day(turn.language, visit.starts_at, turn.center.timezone),
                "time": visit.starts_at.astimezone(_zone(turn)).strftime("%H:%M"),
                "place": visit.place or name,
            })
            for visit in visits
        )  # fmt: skip
        parts = (Text(N_("The mobile unit comes to {area}:"), {"area": name}), *lines)
    subscribed = await is_subscribed(turn.session, identity_id=turn.identity.id, area_id=area.id)
    outcome = "move" if moving is not None and bookable else "what"
    return ActResult(
        outcome, slots={"subscribed": subscribed, "visits": bookable}, messages=(Outbound(parts),)
    )


def _zone(turn: Turn) -> ZoneInfo:
    return ZoneInfo(turn.center.timezone)


async def subscribe_area(turn: Turn, state: FlowState) -> ActResult:
    """Announcements of the unit's visits to this area, on this channel (consent given by choosing)."""
    area = _area(turn, state)
    await subscribe(
        turn.session, center_id=turn.center.id, identity_id=turn.identity.id, area_id=area.id, now=turn.now
    )
    name = Text.verbatim(area.name.get(turn.language) or area.name["el"])
    text = Text(
        N_("Done. We will tell you when the mobile unit comes to {area}. Write STOP to stop all messages."),
        {"area": name},
    )
    return ActResult(messages=(Outbound((text,)),))


async def unsubscribe_area(turn: Turn, state: FlowState) -> ActResult:
    """Stop the announcements for this area."""
    area = _area(turn, state)
    await unsubscribe(turn.session, identity_id=turn.identity.id, area_id=area.id, now=turn.now)
    return ActResult(messages=(Outbound.say(N_("Done. You will get no more announcements for this place.")),))


async def open_home_visit_case(turn: Turn, state: FlowState) -> ActResult:
    """A request for a home visit becomes a case for the mobile unit's team."""
    area = _area(turn, state)
    case = await open_case(
        turn,
        NewCase(
            category=CaseCategory.DISABILITY_ELDERLY,
            priority=CasePriority.NORMAL,
            source=CaseSource.HOME_VISIT,
            summary=f"Home visit ({area.slug}): {state.slots['description']}"[:300],
            description=str(state.slots["description"]),
            answers={"area": area.slug},
            contact_preference=ContactPreference.CHAT,
        ),
    )
    return await confirmation(
        turn, case, N_("Thank you. The mobile unit's team will contact you about the visit.")
    )


ACTIONS = {
    "mobile_unit_available": mobile_unit_available,
    "mobile_area_visits": mobile_area_visits,
    "subscribe_area": subscribe_area,
    "unsubscribe_area": unsubscribe_area,
    "open_home_visit_case": open_home_visit_case,
}
