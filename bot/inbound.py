"""The neutral inbound message every channel produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storage.enums import Channel, InboundKind


@dataclass(frozen=True)
class InboundEvent:
    """One message from a citizen, as a channel adapter parsed it."""

    center_slug: str
    channel: Channel
    address: str
    provider_id: str
    kind: InboundKind = InboundKind.TEXT
    text: str = ""
    button: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)

    def stored_payload(self) -> dict[str, Any]:
        """What is kept besides the text: the button pressed and file references."""
        return {**self.payload, **({"button": self.button} if self.button else {})}
