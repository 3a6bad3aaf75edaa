"""What the centers file says about urgency: answer targets per priority and the on-duty alert channel."""

from __future__ import annotations

import re
from typing import Annotated

import phonenumbers
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

# A private chat or group id (groups are negative), or a public channel's @name.
_CHAT_ID = re.compile(r"^(-?[0-9]{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$")
_EMAIL = r"^[^@\s,]+@[^@\s,]+\.[^@\s,]+$"
MINUTES_PER_WEEK = 7 * 24 * 60


def _chat_id(value: object) -> object:
    # TOML gives a bare chat id as an integer; a ${VAR} reference gives a string.
    value = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if isinstance(value, str) and not _CHAT_ID.match(value):
        raise ValueError(f"{value!r} is not a Telegram chat id (a number, or @channelname)")
    return value


def _e164(value: str) -> str:
    try:
        number = phonenumbers.parse(value, "GR")
    except phonenumbers.NumberParseException as error:
        raise ValueError(f"{value!r} is not a phone number ({error})") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"{value!r} is not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


ChatId = Annotated[str, BeforeValidator(_chat_id)]
Phone = Annotated[str, AfterValidator(_e164)]
Email = Annotated[str, Field(pattern=_EMAIL, max_length=254)]
Minutes = Annotated[int, Field(ge=1, le=4 * MINUTES_PER_WEEK)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SlaMinutes(_Strict):
    """Answer targets in minutes per priority; urgent counts opening time only, the others the clock."""

    urgent: Minutes = 15
    high: Minutes = 240
    # Unset: the center's ``sla_hours`` (48 by default), as before targets per priority existed.
    normal: Minutes | None = None
    low: Minutes = MINUTES_PER_WEEK

    def by_priority(self, sla_hours: int) -> dict[str, int]:
        """Every priority's target in minutes, ``normal`` falling back to ``sla_hours``."""
        normal = self.normal if self.normal is not None else sla_hours * 60
        return {"urgent": self.urgent, "high": self.high, "normal": normal, "low": self.low}


class AlertsSpec(_Strict):
    """Who is told at once about an urgent case nobody has claimed: the on-duty channel, then the coordinator."""

    telegram_chat_id: ChatId | None = None
    sms_number: Phone | None = None
    email: Email | None = None
    coordinator_telegram_chat_id: ChatId | None = None
    coordinator_sms_number: Phone | None = None
    coordinator_email: Email | None = None
    repeat_minutes: Annotated[int, Field(ge=5, le=240)] = 15

    @model_validator(mode="after")
    def _someone_on_duty(self) -> AlertsSpec:
        if not (self.telegram_chat_id or self.sms_number or self.email):
            raise ValueError("alerts need at least one of telegram_chat_id, sms_number or email")
        return self
