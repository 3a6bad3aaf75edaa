"""Opening hours of a center: parsing the centers file and answering "open now?" and "opens when?"."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from itertools import pairwise
from zoneinfo import ZoneInfo

import holidays

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_INTERVAL = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
# Far enough to cross Easter week and the August holiday together.
_SEARCH_DAYS = 21

RawHours = Mapping[str, str | list[str]]
Intervals = dict[str, list[list[str]]]


def parse_weekly_hours(raw: RawHours) -> Intervals:
    """Normalise ``{"mon-fri": "08:00-15:30"}`` to ``{"mon": [["08:00", "15:30"]], …}``.

    A ValueError names the offending key.
    """
    result: Intervals = {}
    for key, value in raw.items():
        days = _parse_days(key)
        values = [value] if isinstance(value, str) else list(value)
        intervals = [] if values == ["closed"] else [_parse_interval(key, item) for item in values]
        intervals.sort()
        for earlier, later in pairwise(intervals):
            if later[0] < earlier[1]:
                raise ValueError(f"{key}: intervals {earlier} and {later} overlap")
        for day in days:
            if day in result:
                raise ValueError(f"{key}: {day} is given twice")
            result[day] = intervals
    return result


def _parse_days(key: str) -> list[str]:
    first, _, last = key.strip().lower().partition("-")
    if first not in DAYS or (last and last not in DAYS):
        raise ValueError(f"{key!r} is not a day or a day range such as 'mon' or 'mon-fri'")
    if not last:
        return [first]
    start, end = DAYS.index(first), DAYS.index(last)
    if end < start:
        raise ValueError(f"{key!r}: the range runs backwards")
    return list(DAYS[start : end + 1])


def _parse_interval(key: str, text: str) -> list[str]:
    match = _INTERVAL.match(text)
    if not match:
        raise ValueError(f"{key}: {text!r} is not a time range such as '08:00-15:30'")
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        raise ValueError(f"{key}: {text!r} is not a valid time of day")
    start, end = f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"
    if end <= start:
        raise ValueError(f"{key}: {text!r} ends before it starts")
    return [start, end]


@cache
def greek_holidays(year: int) -> dict[date, str]:
    """Greek public holidays of a year (Orthodox Easter, Whit Monday … included), with Greek names."""
    return dict(holidays.country_holidays("GR", years=year, language="el").items())


@dataclass(frozen=True)
class OpeningCalendar:
    """When a center is open: weekly hours, public holidays and its own closure days."""

    hours: Intervals
    timezone: str = "Europe/Athens"
    extra_closed: frozenset[date] = field(default_factory=frozenset)

    def is_closed_day(self, day: date) -> bool:
        """Tell whether a date is a public holiday or a local closure."""
        return day in self.extra_closed or day in greek_holidays(day.year)

    def intervals_on(self, day: date) -> list[tuple[datetime, datetime]]:
        """The open intervals of one local date, as aware UTC datetimes."""
        if self.is_closed_day(day):
            return []
        zone = ZoneInfo(self.timezone)
        result = []
        for start, end in self.hours.get(DAYS[day.weekday()], []):
            result.append((_local(day, start, zone), _local(day, end, zone)))
        return result

    def is_open(self, at: datetime) -> bool:
        """Tell whether the center is open at an instant."""
        day = at.astimezone(ZoneInfo(self.timezone)).date()
        return any(start <= at < end for start, end in self.intervals_on(day))

    def next_opening(self, after: datetime) -> datetime | None:
        """The next instant the center opens (``after`` itself when open), or None within three weeks."""
        day = after.astimezone(ZoneInfo(self.timezone)).date()
        for offset in range(_SEARCH_DAYS):
            for start, end in self.intervals_on(day + timedelta(days=offset)):
                if end > after:
                    return max(start, after)
        return None

    def add_open_time(self, after: datetime, duration: timedelta) -> datetime | None:
        """The instant when ``duration`` of opening time has passed since ``after``, or None within three weeks.

        Closed time does not count: 15 minutes asked at 15:25 of a center closing at 15:30 end at 08:10
        of the next working day.
        """
        remaining = duration
        day = after.astimezone(ZoneInfo(self.timezone)).date()
        for offset in range(_SEARCH_DAYS):
            for start, end in self.intervals_on(day + timedelta(days=offset)):
                if end <= after:
                    continue
                start = max(start, after)
                if start + remaining <= end:
                    return start + remaining
                remaining -= end - start
        return None


def _local(day: date, hhmm: str, zone: ZoneInfo) -> datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    if hour == 24:
        return datetime.combine(day + timedelta(days=1), time(0, 0), zone).astimezone(UTC)
    return datetime.combine(day, time(hour, minute), zone).astimezone(UTC)


def merge_hours(*calendars: Intervals) -> Intervals:
    """Union of several weekly schedules (regular plus extended hours)."""
    merged: Intervals = {}
    for hours in calendars:
        for day, intervals in hours.items():
            merged.setdefault(day, []).extend(intervals)
    return {day: _coalesce(intervals) for day, intervals in merged.items()}


def _coalesce(intervals: Iterable[list[str]]) -> list[list[str]]:
    result: list[list[str]] = []
    for start, end in sorted(intervals):
        if result and start <= result[-1][1]:
            result[-1][1] = max(result[-1][1], end)
        else:
            result.append([start, end])
    return result
