"""What a provider said about one send attempt, in terms the sender acts on."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Verdict(StrEnum):
    """How a send attempt ended."""

    SENT = "sent"
    RETRY = "retry"  # temporary: 5xx, timeout, network
    THROTTLED = "throttled"  # 429: wait as long as the provider says
    UNREACHABLE = (
        "unreachable"  # permanent for this citizen: blocked bot, opted out at Twilio, invalid number
    )
    REJECTED = "rejected"  # permanent for this message only


@dataclass(frozen=True)
class SendResult:
    """The verdict, the provider's message id, how long to wait, and a short reason for the log."""

    verdict: Verdict
    provider_id: str | None = None
    retry_after: float | None = None
    reason: str = ""
    queued: bool = False
