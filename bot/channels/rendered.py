"""A message rendered for one channel, ready for the outbox."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RenderedChoice:
    """What the citizen types or presses (``key``) and what they see (``label``)."""

    key: str
    label: str


@dataclass(frozen=True)
class Rendered:
    """Body, choices and provider extras of one outbound message."""

    body: str
    choices: tuple[RenderedChoice, ...] = ()
    payload: dict[str, Any] = field(default_factory=dict)
