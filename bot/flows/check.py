"""The start-up check of flows against the registered actions, answer checks and option lists."""

from __future__ import annotations

from collections.abc import Mapping

from bot.actions import ACTIONS
from bot.conversation.options import option_targets
from bot.conversation.turn import ANSWER_CHECKS
from bot.engine import Flow
from bot.flows import FLOWS
from bot.flows.validate import Registries, validate_flows


def registries() -> Registries:
    """The names the host knows: every registered action, answer check and option list."""
    return Registries(actions=ACTIONS, checks=ANSWER_CHECKS, option_lists=option_targets())


def check_flows(flows: Mapping[str, Flow] = FLOWS) -> None:
    """Raise FlowError when a flow is broken; called before the service starts."""
    validate_flows(flows, registries())
