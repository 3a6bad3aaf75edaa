"""Words the planner and the composer share: days, times, language names and status labels, in the console's language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal
from fastapi import Request

from api.console.i18n import console_translations
from api.console.labels import N_
from api.console.templating import language_of
from storage.announcements import FALLBACK
from storage.enums import AnnouncementStatus, BookingStatus, Channel, VisitStatus

VISIT_STATUSES = {
    VisitStatus.DRAFT: N_("Draft"),
    VisitStatus.SCHEDULED: N_("Scheduled"),
    VisitStatus.CANCELLED: N_("Cancelled"),
    VisitStatus.DONE: N_("Done"),
}
ANNOUNCEMENT_STATUSES = {
    AnnouncementStatus.DRAFT: N_("Draft"),
    AnnouncementStatus.SCHEDULED: N_("Scheduled"),
    AnnouncementStatus.QUEUED: N_("Sending"),
    AnnouncementStatus.SENT: N_("Sent"),
}
BOOKING_STATUSES = {
    BookingStatus.BOOKED: N_("Has a place"),
    BookingStatus.CANCELLED: N_("Cancelled"),
    BookingStatus.ATTENDED: N_("Came"),
    BookingStatus.NO_SHOW: N_("Did not show up"),
}
CHANNEL_NAMES = {Channel.SMS: N_("SMS"), Channel.TELEGRAM: N_("Telegram")}
STATUS_TABLES: dict[str, Mapping[Any, str]] = {
    "visit": VISIT_STATUSES, "announcement": ANNOUNCEMENT_STATUSES, "channel": CHANNEL_NAMES,
    "booking": BOOKING_STATUSES,
}  # fmt: skip
FALLBACK_NAME = N_("Other languages (Greek and English together)")


def mobile_words(request: Request, zone: str) -> dict[str, Callable[..., str]]:
    """Formatters for a template: dates and times in the center's zone, names of languages and statuses."""
    language = language_of(request)
    gettext = console_translations(language).gettext
    names = Locale.parse(language).languages
    tz = ZoneInfo(zone)

    def day(value: date | datetime, fmt: str = "full") -> str:
        local = value.astimezone(tz).date() if isinstance(value, datetime) else value
        return format_date(local, fmt, locale=language)

    def clock(value: datetime) -> str:
        return format_time(value, "HH:mm", tzinfo=tz, locale=language)

    def language_name(code: str) -> str:
        if code == FALLBACK:
            return gettext(FALLBACK_NAME)
        name = str(names.get(code, code))
        return name[:1].upper() + name[1:]

    def status(kind: str, value: Any) -> str:
        return gettext(STATUS_TABLES[kind].get(value, str(value)))

    def number(value: int) -> str:
        return format_decimal(value, locale=language)

    def euros(value: Decimal) -> str:
        return format_currency(value, "EUR", locale=language)

    return {
        "day": day, "clock": clock, "language_name": language_name, "status_name": status, "number": number,
        "euros": euros,
    }  # fmt: skip
