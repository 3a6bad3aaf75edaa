"""Times in the staff API: ISO 8601 with an offset; without one, the center's local time (checked)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import HTTPException, status

# A "+" in a query string arrives as a space when the client did not encode it.
_UNENCODED_PLUS = re.compile(r" (\d{2}(:?\d{2})?)$")
EARLIEST, LATEST = 2000, 2100
LONGEST_RANGE = timedelta(days=92)

TIME_FORMAT = "ISO 8601 with an offset, e.g. 2026-11-24T10:00:00+02:00 (without one: the center's local time)"


def unprocessable(message: str) -> HTTPException:
    """A 422 with a message naming the problem."""
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, message)


def to_instant(value: datetime, timezone: str, field: str) -> datetime:
    """An aware UTC instant; a naive value is local time of the center and must exist exactly once."""
    if not EARLIEST <= value.year <= LATEST:
        raise unprocessable(f"{field}: the year must be between {EARLIEST} and {LATEST}")
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value.astimezone(UTC)
    zone = ZoneInfo(timezone)
    first, second = value.replace(tzinfo=zone, fold=0), value.replace(tzinfo=zone, fold=1)
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != value:
        raise unprocessable(f"{field}: {value.isoformat()} does not exist in {timezone} (clocks go forward)")
    if first.utcoffset() != second.utcoffset():
        raise unprocessable(f"{field}: {value.isoformat()} happens twice that night; give an offset")
    return first.astimezone(UTC)


def parse_instant(text: str, timezone: str, field: str) -> datetime:
    """A query parameter as an instant (see ``to_instant``); 422 when it is not a date and time."""
    try:
        value = datetime.fromisoformat(_UNENCODED_PLUS.sub(r"+\1", text.strip()))
    except ValueError:
        raise unprocessable(f"{field}: not a date and time ({TIME_FORMAT})") from None
    return to_instant(value, timezone, field)


def time_range(
    from_text: str | None, to_text: str | None, timezone: str, now: datetime, default: timedelta
) -> tuple[datetime, datetime]:
    """``[from, to)`` of a listing: from now and ``default`` long unless given; at most 92 days."""
    from_ = parse_instant(from_text, timezone, "from") if from_text else now
    to = parse_instant(to_text, timezone, "to") if to_text else from_ + default
    if to <= from_:
        raise unprocessable("to must be after from")
    if to - from_ > LONGEST_RANGE:
        raise unprocessable("a range is at most 92 days")
    return from_, to


def local(value: datetime, timezone: str) -> datetime:
    """An instant as the center's local time, with its offset (how the API shows times)."""
    return value.astimezone(ZoneInfo(timezone))


TIME_QUERY: dict[str, Any] = {"max_length": 40, "description": TIME_FORMAT}
