"""Declarative flows, one module per conversation; ``FLOWS`` maps each name to its flow."""

from __future__ import annotations

from bot.engine import Flow
from bot.flows import (
    agent,
    appointment,
    bookings,
    delete,
    info,
    language,
    menu,
    mobile,
    privacy,
    replies,
    request,
    safety,
    welcome,
)

FLOWS: dict[str, Flow] = {
    module.FLOW.name: module.FLOW
    for module in (
        welcome,
        menu,
        info,
        request,
        appointment,
        mobile,
        bookings,
        agent,
        language,
        privacy,
        delete,
        replies,
        safety,
    )
}
