"""When a booking's reminders go out: a pure function of its start, the offsets and the local night.

A reminder is due ``hours`` before the start (absolute time, so daylight-saving changes neither skip nor
repeat one). One that would fall in the night (22:00-08:00 local) goes out at 21:00 the evening before
instead. Only the latest reminder due is sent: when the job was down, an older one is stale, not late;
a reminder whose time passed before the booking was made is not sent at all (the receipt said it all).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

NIGHT_STARTS, NIGHT_ENDS, EVENING = time(22, 0), time(8, 0), time(21, 0)
# A night reminder moves this much earlier at most (08:00 → 21:00 the evening before).
LONGEST_SHIFT = timedelta(hours=11)


def is_night(at: datetime, timezone: str) -> bool:
    """Tell whether an instant is in the quiet night hours of a time zone."""
    clock = at.astimezone(ZoneInfo(timezone)).time()
    return clock >= NIGHT_STARTS or clock < NIGHT_ENDS


def reminder_time(starts_at: datetime, hours: int, timezone: str) -> datetime:
    """When the reminder ``hours`` before a start goes out, moved out of the night."""
    zone = ZoneInfo(timezone)
    due = starts_at - timedelta(hours=hours)
    local = due.astimezone(zone)
    if local.time() >= NIGHT_STARTS:
        return datetime.combine(local.date(), EVENING, zone).astimezone(due.tzinfo)
    if local.time() < NIGHT_ENDS:
        return datetime.combine(local.date() - timedelta(days=1), EVENING, zone).astimezone(due.tzinfo)
    return due


def due_reminder(
    *, starts_at: datetime, booked_at: datetime, offsets: Iterable[int], timezone: str, now: datetime
) -> int | None:
    """The offset (hours) whose reminder should go out at ``now``, or None."""
    if now >= starts_at or is_night(now, timezone):
        return None
    due = [
        (at, hours)
        for hours in offsets
        if booked_at <= (at := reminder_time(starts_at, hours, timezone)) <= now
    ]
    return max(due)[1] if due else None
