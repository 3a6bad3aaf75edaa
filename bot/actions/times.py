"""The times offered to a citizen: the next free ones of a service, a few at a time, narrowed by their wish."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.conversation.booking_options import time_key, time_of
from bot.conversation.turn import Turn
from bot.conversation.when_words import When
from bot.engine import ActResult, FlowState
from bot.outbound import N_, Outbound
from frontdesk.availability import CALLBACK, Slot, filter_slots
from frontdesk.schedule import interpreted_languages
from storage.models import Center
from storage.slots import find_free_slots

HORIZON = timedelta(days=28)
# Three times a page keep the Greek SMS of the offer within two or three segments (README, "Booking").
SHOWN = 3
# Languages the staff speak themselves: no interpreter is looked for.
SPOKEN = frozenset({"el", "en"})


def interpreter_language(turn: Turn) -> str | None:
    """The citizen's language when an interpreter is needed and the center lists one for it."""
    return interpreter_for(turn.center, turn.language.value)


def interpreter_for(center: Center, language: str) -> str | None:
    """``language`` when the staff do not speak it and the center lists an interpreter for it, else None."""
    if language in SPOKEN or language not in interpreted_languages(center.interpreters):
        return None
    return language


def _narrowed(slots: list[Slot], wish: When | None, turn: Turn) -> list[Slot]:
    if wish is None:
        return slots
    timezone = turn.center.timezone
    if wish.days_ahead is not None:
        zone = ZoneInfo(timezone)
        day = turn.now.astimezone(zone).date() + timedelta(days=wish.days_ahead)
        slots = [slot for slot in slots if slot.starts_at.astimezone(zone).date() == day]
    return filter_slots(slots, wish.weekday, wish.part, timezone)


async def free_times(turn: Turn, service: str, after: datetime | None = None) -> list[Slot]:
    """Free times of a service from now (or just after ``after``) to the horizon, earliest first."""
    start = turn.now if after is None else after + timedelta(minutes=1)
    # A call-back is a phone call: no interpreter is looked for.
    language = None if service == CALLBACK else interpreter_language(turn)
    return await find_free_slots(
        turn.session, center=turn.center, from_=start, to=turn.now + HORIZON, now=turn.now,
        service=service, language=language,
    )  # fmt: skip


async def offer_times(turn: Turn, state: FlowState, after: datetime | None = None) -> ActResult:
    """The next page of free times for the chosen service and wish (outcome ``some``), or ``none``."""
    service = str(state.slots["service"])
    wish_value = state.slots.get("when")
    wish = When.decode(str(wish_value)) if wish_value else None
    found = await free_times(turn, service, after)
    wanted = _narrowed(found, wish, turn)
    messages: tuple[Outbound, ...] = ()
    if wish is not None and not wanted and after is None and found:
        # Nothing on the day asked for: say so, and offer the nearest times instead of nothing.
        messages = (Outbound.say(N_("No free time fits that in the next four weeks. The next free times:")),)
        wanted, wish_value = found, None
    page = wanted[:SHOWN]
    slots = {
        "when": wish_value,
        "offer": [time_key(slot.starts_at) for slot in page],
        "more": len(wanted) > SHOWN,
    }
    return ActResult("some" if page else "none", slots=slots, messages=messages)


async def offer_first_times(turn: Turn, state: FlowState) -> ActResult:
    """The first page of free times."""
    return await offer_times(turn, state)


async def offer_later_times(turn: Turn, state: FlowState) -> ActResult:
    """The page after the one shown."""
    shown = state.slots.get("offer") or []
    return await offer_times(turn, state, after=time_of(shown[-1]) if shown else None)


ACTIONS = {"offer_times": offer_first_times, "later_times": offer_later_times}
