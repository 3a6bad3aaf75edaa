"""A center's booking schedule from its centers-file rules, without I/O (storage and bot both build it)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from frontdesk.availability import (
    CALLBACK,
    CALLBACK_MINUTES,
    DEFAULT_SLOT_MINUTES,
    Blocked,
    InterpreterWindow,
    Schedule,
    ServiceSpec,
    services_from_staff,
)
from frontdesk.hours import DAYS, Intervals, OpeningCalendar


@dataclass(frozen=True)
class BookingRules:
    """What the centers file says about booking at one center (as stored on the center row)."""

    hours: Intervals
    timezone: str = "Europe/Athens"
    closed_dates: tuple[str, ...] = ()
    staffing: Mapping[str, int] | None = None
    slot_minutes: Mapping[str, int] | None = None
    # [{"id": "fa-1", "languages": ["fa", "ps"], "hours": {"tue": [["10:00", "13:00"]]}}]
    interpreters: Sequence[Mapping[str, Any]] = ()


def opening_calendar(hours: Intervals, timezone: str, closed_dates: Iterable[str]) -> OpeningCalendar:
    """The opening calendar of regular hours, Greek public holidays and the center's own closures."""
    return OpeningCalendar(hours, timezone, frozenset(date.fromisoformat(day) for day in closed_dates))


def bookable_services(staffing: Mapping[str, int], slot_minutes: Mapping[str, int] | None) -> dict[str, int]:
    """Roles citizens can book (those with a slot length: social worker and psychologist by default)."""
    lengths = {**DEFAULT_SLOT_MINUTES, **(slot_minutes or {})}
    return {role: count for role, count in staffing.items() if role in lengths}


def build_schedule(
    rules: BookingRules,
    *,
    blocked: Iterable[Blocked] = (),
    from_: datetime,
    to: datetime,
    callbacks: bool = False,
) -> Schedule:
    """The schedule of one center; interpreter windows are laid out for the local days of ``[from_, to]``.

    With ``callbacks``, call-back times are offered too: as many calls at once as professionals on duty.
    """
    calendar = opening_calendar(rules.hours, rules.timezone, rules.closed_dates)
    bookable = bookable_services(rules.staffing or {}, rules.slot_minutes)
    services = services_from_staff(bookable, rules.slot_minutes)
    if callbacks:
        services += (ServiceSpec(CALLBACK, sum(bookable.values()), CALLBACK_MINUTES),)
    windows = interpreter_windows(rules.interpreters, rules.timezone, from_, to)
    return Schedule(calendar, services, tuple(blocked), windows)


def interpreter_windows(
    interpreters: Sequence[Mapping[str, Any]], timezone: str, from_: datetime, to: datetime
) -> tuple[InterpreterWindow, ...]:
    """Each interpreter's weekly hours as windows per language on the local days of a range."""
    zone = ZoneInfo(timezone)
    day, last = from_.astimezone(zone).date(), to.astimezone(zone).date()
    windows = []
    while day <= last:
        for interpreter in interpreters:
            for start, end in interpreter["hours"].get(DAYS[day.weekday()], []):
                starts_at, ends_at = _local(day, start, zone), _local(day, end, zone)
                windows += [
                    InterpreterWindow(language, starts_at, ends_at, interpreter["id"])
                    for language in interpreter["languages"]
                ]
        day += timedelta(days=1)
    return tuple(windows)


def _local(day: date, hhmm: str, zone: ZoneInfo) -> datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    if hour == 24:
        day, hour = day + timedelta(days=1), 0
    return datetime.combine(day, time(hour, minute), zone).astimezone(UTC)


def interpreted_languages(interpreters: Sequence[Mapping[str, Any]]) -> frozenset[str]:
    """Languages some interpreter of the center speaks."""
    return frozenset(language for interpreter in interpreters for language in interpreter["languages"])
