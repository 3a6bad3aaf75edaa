"""The centers file: TOML with ``${VAR}`` references, validated into typed center specifications."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    model_validator,
)

from frontdesk.hours import Intervals, parse_weekly_hours
from frontdesk.urgency import AlertsSpec, SlaMinutes
from frontdesk.vocabulary import CenterService, Language

# Fields whose unset variable switches a channel off instead of failing start-up.
CHANNEL_FIELDS = {"sms_number": "SMS", "telegram_token": "Telegram", "telegram_secret": "Telegram"}
_REFERENCE = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)\}")
_SLUG = r"^[a-z][a-z0-9_-]{1,39}$"


class CentersFileError(Exception):
    """The centers file cannot be used; the message names the file, the center and the field."""


def _e164(value: str) -> str:
    try:
        number = phonenumbers.parse(value, "GR")
    except phonenumbers.NumberParseException as error:
        raise ValueError(f"{value!r} is not a phone number ({error})") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"{value!r} is not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _greek_required(value: dict[Language, str]) -> dict[Language, str]:
    if not value.get(Language.EL, "").strip():
        raise ValueError("the Greek text (el) is required")
    return value


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not an IANA time zone") from None
    return value


PhoneNumber = Annotated[str, AfterValidator(_e164)]
LocalizedText = Annotated[dict[Language, str], AfterValidator(_greek_required)]
WeeklyHours = Annotated[Intervals, BeforeValidator(parse_weekly_hours)]
TelegramSecret = Annotated[SecretStr, BeforeValidator(lambda value: _telegram_secret(value))]


def _telegram_secret(value: object) -> object:
    # Telegram accepts 1-256 characters A-Z, a-z, 0-9, _ and - in the secret-token header.
    if isinstance(value, str) and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value):
        raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AreaSpec(_Strict):
    """A village or island of the mobile unit."""

    slug: Annotated[str, Field(pattern=_SLUG)]
    name: LocalizedText
    aliases: list[str] = []
    kind: Literal["island", "village", "town"] = "village"


class MobileUnitSpec(_Strict):
    """The mobile unit (κινητή μονάδα): where it goes and whether it visits homes."""

    home_visits: bool = False
    areas: Annotated[list[AreaSpec], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_slugs(self) -> MobileUnitSpec:
        slugs = [area.slug for area in self.areas]
        duplicates = sorted({slug for slug in slugs if slugs.count(slug) > 1})
        if duplicates:
            raise ValueError(f"area slugs repeat: {', '.join(duplicates)}")
        return self


class InterpreterSpec(_Strict):
    """An interpreter or cultural mediator: the languages they speak and their weekly hours at the center."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
    languages: Annotated[list[Language], Field(min_length=1)]
    hours: WeeklyHours


def _reminder_hours(value: list[int]) -> list[int]:
    if len(set(value)) != len(value):
        raise ValueError("reminder hours repeat")
    return sorted(value, reverse=True)


ReminderHours = Annotated[list[Annotated[int, Field(ge=1, le=168)]], AfterValidator(_reminder_hours)]


class CenterSpec(_Strict):
    """One center as the centers file describes it."""

    slug: Annotated[str, Field(pattern=_SLUG)]
    name: LocalizedText
    municipality: LocalizedText
    region: LocalizedText
    address: LocalizedText
    phones: list[PhoneNumber] = []
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None
    website: str | None = None
    timezone: Annotated[str, AfterValidator(_timezone)] = "Europe/Athens"
    hours: WeeklyHours
    extended_hours: WeeklyHours = {}
    closed_dates: list[date] = []
    staff: dict[str, Annotated[int, Field(ge=0, le=100)]] = {}
    # Appointment length per role; a role is bookable when it has one (social_worker, psychologist by default).
    slot_minutes: dict[str, Annotated[int, Field(ge=10, le=240)]] = {}
    interpreters: list[InterpreterSpec] = []
    reminder_hours: ReminderHours = [24, 2]
    services: list[CenterService] = []
    mobile_unit: MobileUnitSpec | None = None
    sms_number: PhoneNumber | None = None
    telegram_token: SecretStr | None = None
    telegram_secret: TelegramSecret | None = None
    greek_caps: bool = False
    sms_segment_cap: Annotated[int, Field(ge=1, le=10)] = 4
    sla_hours: Annotated[int, Field(ge=1, le=24 * 30)] = 48
    # Answer targets per priority (minutes) and who is alerted about unclaimed urgent cases.
    sla_minutes: SlaMinutes = SlaMinutes()
    alerts: AlertsSpec | None = None
    case_webhook_url: Annotated[str, Field(pattern=r"^https?://[^\s]+$")] | None = None
    case_webhook_secret: SecretStr | None = None

    @model_validator(mode="after")
    def _webhook_pair(self) -> CenterSpec:
        if self.case_webhook_url is not None and self.case_webhook_secret is None:
            raise ValueError("case_webhook_url needs case_webhook_secret to sign the deliveries")
        return self

    @model_validator(mode="after")
    def _booking_fields(self) -> CenterSpec:
        unknown = sorted(set(self.slot_minutes) - set(self.staff))
        if unknown:
            raise ValueError(f"slot_minutes names roles not in staff: {', '.join(unknown)}")
        ids = [interpreter.id for interpreter in self.interpreters]
        repeated = sorted({one for one in ids if ids.count(one) > 1})
        if repeated:
            raise ValueError(f"interpreter ids repeat: {', '.join(repeated)}")
        return self

    @model_validator(mode="after")
    def _telegram_pair(self) -> CenterSpec:
        if (self.telegram_token is None) != (self.telegram_secret is None):
            raise ValueError("telegram_token and telegram_secret are set together or not at all")
        return self

    @property
    def telegram_enabled(self) -> bool:
        """True when the center has a Telegram bot."""
        return self.telegram_token is not None


@dataclass(frozen=True)
class CentersConfig:
    """The validated centers file, with notices for the start-up log."""

    path: Path
    centers: tuple[CenterSpec, ...]
    notices: tuple[str, ...] = field(default=())

    def by_slug(self, slug: str) -> CenterSpec | None:
        """The center with this slug, if any."""
        return next((center for center in self.centers if center.slug == slug), None)


def load_centers_file(path: Path, environ: Mapping[str, str]) -> CentersConfig:
    """Read, interpolate and validate a centers file; raise CentersFileError listing every problem."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CentersFileError(f"centers file {path}: cannot be read ({error.strerror})") from None
    except tomllib.TOMLDecodeError as error:
        raise CentersFileError(f"centers file {path}: not valid TOML ({error})") from None
    problems: list[str] = []
    unknown = sorted(set(document) - {"centers"})
    if unknown:
        problems.append(
            f"centers file {path}: unknown top-level key(s) {', '.join(unknown)}; expected [centers.<slug>]"
        )
    raw_centers = document.get("centers", {})
    if not raw_centers:
        problems.append(f"centers file {path}: no [centers.<slug>] table")
    centers: list[CenterSpec] = []
    notices: list[str] = []
    for slug, raw in raw_centers.items():
        where = f"centers file {path}: center {slug!r}"
        if not isinstance(raw, dict):
            problems.append(f"{where}: must be a table")
            continue
        resolved, center_problems, center_notices = _interpolate_center(raw, environ)
        problems.extend(f"{where}, field {message}" for message in center_problems)
        notices.extend(f"center {slug!r}: {message}" for message in center_notices)
        if center_problems:
            continue
        try:
            centers.append(CenterSpec.model_validate({**resolved, "slug": slug}))
        except ValidationError as error:
            problems.extend(
                f"{where}, field {_field_path(item['loc'])}: {item['msg']}" for item in error.errors()
            )
    problems.extend(_duplicate_numbers(path, centers))
    if problems:
        raise CentersFileError("\n".join(problems))
    return CentersConfig(path=path, centers=tuple(centers), notices=tuple(notices))


def _interpolate_center(
    raw: dict[str, Any], environ: Mapping[str, str]
) -> tuple[dict[str, Any], list[str], list[str]]:
    problems: list[str] = []
    missing_by_channel: dict[str, list[str]] = {}

    def resolve(value: Any, path: str) -> Any:
        if isinstance(value, dict):
            return {key: resolve(item, f"{path}.{key}" if path else key) for key, item in value.items()}
        if isinstance(value, list):
            return [resolve(item, f"{path}[{index}]") for index, item in enumerate(value)]
        if not isinstance(value, str) or "$" not in value:
            return value
        leftover = _REFERENCE.sub("", value)
        if "${" in leftover or re.search(r"\$[A-Za-z_{]", leftover):
            problems.append(
                f"{path}: malformed reference in {value!r}; write ${{NAME}} with NAME in capitals"
            )
            return None
        missing = [name for name in _REFERENCE.findall(value) if not environ.get(name)]
        if not missing:
            return _REFERENCE.sub(lambda match: environ[match.group(1)], value)
        if path in CHANNEL_FIELDS:
            missing_by_channel.setdefault(CHANNEL_FIELDS[path], []).extend(missing)
            return None
        problems.append(f"{path}: environment variable {', '.join(missing)} is not set")
        return None

    resolved = resolve(raw, "")
    # Both Telegram values come from variables; one missing switches the channel off as a whole.
    if "Telegram" in missing_by_channel:
        resolved["telegram_token"] = resolved["telegram_secret"] = None
    notices = [
        f"{channel} channel off ({', '.join(names)} not set)" for channel, names in missing_by_channel.items()
    ]
    return resolved, problems, notices


def _field_path(location: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for part in location:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(f".{part}" if parts else str(part))
    return "".join(parts) or "(center)"


def _duplicate_numbers(path: Path, centers: list[CenterSpec]) -> list[str]:
    seen: dict[str, str] = {}
    problems = []
    for center in centers:
        if center.sms_number is None:
            continue
        if center.sms_number in seen:
            problems.append(
                f"centers file {path}: center {center.slug!r}, field sms_number: "
                f"{center.sms_number} is already the number of center {seen[center.sms_number]!r}"
            )
        seen[center.sms_number] = center.slug
    return problems
