"""Named actions: the only side effects of flows. Each takes the turn and the flow state."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.actions import cases, info, language, mobile, privacy
from bot.conversation.turn import Turn
from bot.engine import ActResult, FlowState

Action = Callable[[Turn, FlowState], Awaitable[ActResult]]

ACTIONS: dict[str, Action] = {
    **language.ACTIONS,
    **info.ACTIONS,
    **cases.ACTIONS,
    **mobile.ACTIONS,
    **privacy.ACTIONS,
}
