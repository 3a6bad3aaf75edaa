"""Named actions: the only side effects of flows. Each takes the turn and the flow state."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.actions import (
    appointments,
    bookings,
    callbacks,
    cases,
    first_contact,
    info,
    language,
    mobile,
    privacy,
    replies,
    times,
    visits,
)
from bot.conversation.turn import Turn
from bot.engine import ActResult, FlowState

Action = Callable[[Turn, FlowState], Awaitable[ActResult]]

ACTIONS: dict[str, Action] = {
    **language.ACTIONS,
    **first_contact.ACTIONS,
    **info.ACTIONS,
    **cases.ACTIONS,
    **mobile.ACTIONS,
    **privacy.ACTIONS,
    **appointments.ACTIONS,
    **times.ACTIONS,
    **visits.ACTIONS,
    **bookings.ACTIONS,
    **replies.ACTIONS,
    **callbacks.ACTIONS,
}
