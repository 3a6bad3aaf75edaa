"""The neutral inbound message every channel produces."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from storage.enums import Channel, InboundKind

# Providers allow 1 600 (SMS) and 4 096 (Telegram) characters: anything longer is not a citizen's message,
# and understanding it would only cost time.
MAX_TEXT = 4096


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

    def __post_init__(self) -> None:
        # NUL is refused by PostgreSQL and means nothing to a reader.
        object.__setattr__(self, "text", self.text.replace("\x00", "")[:MAX_TEXT])

    def stored_payload(self) -> dict[str, Any]:
        """What is kept besides the text: the button pressed and file references."""
        return {**self.payload, **({"button": self.button} if self.button else {})}

    def to_record(self) -> dict[str, Any]:
        """A JSON-ready copy, for the spool."""
        return asdict(self)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> InboundEvent:
        """The event a spool record holds."""
        values = dict(record)
        values["channel"] = Channel(values["channel"])
        values["kind"] = InboundKind(values["kind"])
        return cls(**values)
