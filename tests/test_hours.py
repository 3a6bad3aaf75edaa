"""Opening hours: open now, next opening, Greek public holidays, Europe/Athens time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from frontdesk.hours import OpeningCalendar, merge_hours, parse_weekly_hours

THIRA = OpeningCalendar(parse_weekly_hours({"mon-fri": "08:00-15:30"}))


def athens(*args: int) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime(*args, tzinfo=ZoneInfo("Europe/Athens")).astimezone(UTC)  # type: ignore[misc]


def test_ranges_and_lists_are_normalised() -> None:
    assert parse_weekly_hours({"mon-wed": ["14:00-16:00", "8:00-12:00"], "sat": "closed"}) == {
        "mon": [["08:00", "12:00"], ["14:00", "16:00"]],
        "tue": [["08:00", "12:00"], ["14:00", "16:00"]],
        "wed": [["08:00", "12:00"], ["14:00", "16:00"]],
        "sat": [],
    }


@pytest.mark.parametrize(
    "raw",
    [
        {"mon": "08:00-12:00", "mon-fri": "09:00-10:00"},
        {"mon": ["08:00-12:00", "11:00-13:00"]},
        {"fri-mon": "08:00-09:00"},
    ],
)
def test_contradictions_are_refused(raw: dict[str, str | list[str]]) -> None:
    with pytest.raises(ValueError):
        parse_weekly_hours(raw)


def test_open_in_athens_hours_not_utc_hours() -> None:
    # Tuesday 24 Nov 2026: 08:00 Athens is 06:00 UTC (winter time, UTC+2).
    assert THIRA.is_open(athens(2026, 11, 24, 8, 0))
    assert not THIRA.is_open(athens(2026, 11, 24, 7, 59))
    assert not THIRA.is_open(athens(2026, 11, 24, 15, 30))


def test_friday_evening_opens_on_monday() -> None:
    assert THIRA.next_opening(athens(2026, 11, 27, 18, 0)) == athens(2026, 11, 30, 8, 0)


def test_open_now_returns_now() -> None:
    now = athens(2026, 11, 24, 10, 0)
    assert THIRA.next_opening(now) == now


def test_orthodox_easter_monday_and_whit_monday_are_closed() -> None:
    # Orthodox Easter 2027 is 2 May; Whit Monday (Αγίου Πνεύματος) 50 days later is 21 June.
    assert THIRA.is_closed_day(date(2027, 5, 3))
    assert THIRA.is_closed_day(date(2027, 6, 21))
    # Good Friday, Easter Monday, and May Day moved off Holy Saturday to Tuesday 4 May.
    assert THIRA.next_opening(athens(2027, 4, 29, 16, 0)) == athens(2027, 5, 5, 8, 0)


def test_christmas_and_local_closures() -> None:
    local = OpeningCalendar(THIRA.hours, extra_closed=frozenset({date(2026, 12, 28)}))
    assert local.next_opening(athens(2026, 12, 24, 16, 0)) == athens(2026, 12, 29, 8, 0)


def test_summer_time_is_respected() -> None:
    # 1 July: Athens is UTC+3, so 08:00 local is 05:00 UTC.
    assert THIRA.is_open(datetime(2027, 7, 1, 5, 0, tzinfo=UTC))
    assert not THIRA.is_open(datetime(2027, 7, 1, 4, 59, tzinfo=UTC))


def test_extended_hours_merge_with_regular_hours() -> None:
    merged = merge_hours(
        parse_weekly_hours({"mon-fri": "08:00-16:00"}), parse_weekly_hours({"mon-fri": "16:00-20:00"})
    )
    assert merged["mon"] == [["08:00", "20:00"]]
