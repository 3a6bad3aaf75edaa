"""The start-up check of flows against the registered actions."""

from __future__ import annotations

from bot.actions import ACTIONS
from bot.flows import FLOWS
from bot.flows.validate import validate_flows


def check_flows() -> None:
    """Raise FlowError when a flow is broken; called before the service starts."""
    validate_flows(FLOWS, ACTIONS)
