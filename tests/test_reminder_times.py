"""Reminder times: hours before the start in absolute time, never in the night, the latest one only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from frontdesk.reminders import due_reminder, is_night, reminder_time

ATHENS = ZoneInfo("Europe/Athens")


def athens(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=ATHENS).astimezone(UTC)  # type: ignore[misc]


def test_reminders_fall_hours_before_and_leave_the_night() -> None:
    starts = athens(2026, 11, 25, 12, 0)
    assert reminder_time(starts, 24, "Europe/Athens") == athens(2026, 11, 24, 12, 0)
    assert reminder_time(starts, 2, "Europe/Athens") == athens(2026, 11, 25, 10, 0)
    early = athens(2026, 11, 25, 8, 45)
    assert reminder_time(early, 2, "Europe/Athens") == athens(
        2026, 11, 24, 21, 0
    )  # 06:45 → the evening before
    late = athens(2026, 11, 26, 0, 30)
    assert reminder_time(late, 2, "Europe/Athens") == athens(
        2026, 11, 25, 21, 0
    )  # 22:30 → 21:00 that evening
    assert is_night(athens(2026, 11, 25, 22, 0), "Europe/Athens")
    assert not is_night(athens(2026, 11, 25, 8, 0), "Europe/Athens")


def test_only_the_latest_due_reminder_and_none_before_the_booking() -> None:
    starts = athens(2026, 11, 25, 12, 0)

    def due(booked_at: datetime, now: datetime) -> int | None:
        return due_reminder(
            starts_at=starts, booked_at=booked_at, offsets=[24, 2], timezone="Europe/Athens", now=now
        )

    booked = athens(2026, 11, 20, 9, 0)
    assert due(booked, athens(2026, 11, 24, 11, 59)) is None
    assert due(booked, athens(2026, 11, 24, 12, 0)) == 24
    assert due(booked, athens(2026, 11, 25, 10, 5)) == 2
    assert due(booked, starts) is None
    # Booked an hour before: both reminder times passed before the booking, so none is sent.
    late = starts - timedelta(hours=1)
    assert due(late, late + timedelta(minutes=5)) is None
    # Nothing goes out at night, even what is due.
    assert due(booked, athens(2026, 11, 24, 23, 0)) is None
