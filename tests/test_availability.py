"""Bookable slots: the times a citizen is offered, in Athens time, across holidays, leave and DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from frontdesk.availability import (
    Blocked,
    InterpreterBooking,
    InterpreterWindow,
    Schedule,
    ServiceSpec,
    Slot,
    filter_slots,
    free_slots,
    services_from_staff,
)
from frontdesk.hours import OpeningCalendar, parse_weekly_hours

ATHENS = ZoneInfo("Europe/Athens")
HOURS = parse_weekly_hours(
    {"mon": "09:00-15:00", "tue": ["09:00-15:00", "17:00-19:00"], "wed-fri": "09:00-15:00"}
)
SOCIAL_WORKER_DAY = ["09:00", "09:45", "10:30", "11:15", "12:00", "12:45", "13:30", "14:15"]
LONG_AGO = datetime(2025, 1, 1, tzinfo=UTC)


def athens(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ATHENS).astimezone(UTC)


def make_schedule(
    staff: dict[str, int] | None = None,
    closed: frozenset[date] = frozenset(),
    blocked: tuple[Blocked, ...] = (),
    interpreters: tuple[InterpreterWindow, ...] = (),
) -> Schedule:
    calendar = OpeningCalendar(HOURS, extra_closed=closed)
    services = services_from_staff(staff or {"social_worker": 2, "psychologist": 1})
    return Schedule(calendar, services, blocked, interpreters)


def day_slots(
    schedule: Schedule,
    day: date,
    service: str = "social_worker",
    *,
    now: datetime = LONG_AGO,
    taken: dict[tuple[str, datetime], int] | None = None,
    language: str | None = None,
    interpreter_bookings: tuple[InterpreterBooking, ...] = (),
    min_notice: timedelta = timedelta(hours=2),
) -> list[Slot]:
    start = athens(day.year, day.month, day.day)
    return free_slots(
        schedule,
        from_=start,
        to=start + timedelta(days=1),
        now=now,
        taken=taken,
        interpreter_bookings=interpreter_bookings,
        service=service,
        language=language,
        min_notice=min_notice,
    )


def offered(slots: list[Slot]) -> list[str]:
    """The local start times a citizen reads."""
    return [slot.starts_at.astimezone(ATHENS).strftime("%H:%M") for slot in slots]


def test_a_normal_week_offers_the_weekday_grid() -> None:
    slots = free_slots(
        make_schedule(),
        from_=athens(2026, 11, 23),
        to=athens(2026, 11, 30),
        now=LONG_AGO,
        service="social_worker",
    )
    by_day: dict[str, list[str]] = {}
    for slot in slots:
        by_day.setdefault(slot.starts_at.astimezone(ATHENS).strftime("%a"), []).append(offered([slot])[0])
    assert by_day == {
        "Mon": SOCIAL_WORKER_DAY,
        "Tue": [*SOCIAL_WORKER_DAY, "17:00", "17:45"],
        "Wed": SOCIAL_WORKER_DAY,
        "Thu": SOCIAL_WORKER_DAY,
        "Fri": SOCIAL_WORKER_DAY,
    }
    assert all(slot.ends_at - slot.starts_at == timedelta(minutes=45) for slot in slots)
    assert all(slot.starts_at.tzinfo is UTC for slot in slots)


def test_psychologist_slots_are_fifty_minutes_and_never_cross_closing() -> None:
    slots = day_slots(make_schedule(), date(2026, 11, 23), "psychologist")
    assert offered(slots) == ["09:00", "09:50", "10:40", "11:30", "12:20", "13:10", "14:00"]
    assert slots[-1].ends_at == athens(2026, 11, 23, 14, 50)


def test_slot_lengths_are_configurable_per_service() -> None:
    services = services_from_staff({"social_worker": 1, "psychologist": 1, "lawyer": 1}, {"psychologist": 60})
    assert [(spec.service, spec.minutes) for spec in services] == [
        ("social_worker", 45),
        ("psychologist", 60),
        ("lawyer", 45),
    ]
    schedule = Schedule(OpeningCalendar(HOURS), services)
    assert offered(day_slots(schedule, date(2026, 11, 23), "psychologist"))[:3] == ["09:00", "10:00", "11:00"]


def test_both_services_come_in_time_order_when_none_is_chosen() -> None:
    start = athens(2026, 11, 23, 9, 0)
    slots = free_slots(make_schedule(), from_=start, to=start + timedelta(hours=1), now=LONG_AGO)
    assert [(slot.service, offered([slot])[0]) for slot in slots] == [
        ("psychologist", "09:00"),
        ("social_worker", "09:00"),
        ("social_worker", "09:45"),
        ("psychologist", "09:50"),
    ]


@pytest.mark.parametrize(
    ("holiday", "open_day"),
    [
        (date(2026, 3, 25), date(2026, 3, 26)),  # Independence Day, a Wednesday
        (date(2026, 4, 10), date(2026, 4, 9)),  # Good Friday (Orthodox Easter is 12 April)
        (date(2026, 4, 13), date(2026, 4, 14)),  # Easter Monday
        (date(2026, 6, 1), date(2026, 6, 2)),  # Whit Monday (Αγίου Πνεύματος)
        (date(2026, 10, 28), date(2026, 10, 29)),  # Ohi Day
    ],
)
def test_greek_public_holidays_offer_nothing(holiday: date, open_day: date) -> None:
    schedule = make_schedule()
    assert day_slots(schedule, holiday) == []
    assert offered(day_slots(schedule, open_day))[:8] == SOCIAL_WORKER_DAY


def test_a_center_closure_offers_nothing_that_day() -> None:
    schedule = make_schedule(closed=frozenset({date(2026, 11, 24)}))
    assert day_slots(schedule, date(2026, 11, 24)) == []
    assert offered(day_slots(schedule, date(2026, 11, 25))) == SOCIAL_WORKER_DAY


def test_capacity_is_the_staff_on_duty() -> None:
    schedule = make_schedule({"social_worker": 2, "psychologist": 1})
    assert {(slot.capacity, slot.free) for slot in day_slots(schedule, date(2026, 11, 23))} == {(2, 2)}
    assert {slot.capacity for slot in day_slots(schedule, date(2026, 11, 23), "psychologist")} == {1}


def test_taken_reduces_free_and_a_full_slot_disappears() -> None:
    nine, quarter_to_ten = athens(2026, 11, 23, 9, 0), athens(2026, 11, 23, 9, 45)
    taken = {("social_worker", nine): 2, ("social_worker", quarter_to_ten): 1}
    slots = day_slots(make_schedule(), date(2026, 11, 23), taken=taken)
    assert offered(slots) == SOCIAL_WORKER_DAY[1:]
    assert (slots[0].capacity, slots[0].free) == (2, 1)


def test_leave_of_one_of_two_social_workers_halves_capacity_for_its_hours() -> None:
    leave = Blocked("social_worker", athens(2026, 11, 23, 9, 0), athens(2026, 11, 23, 12, 0))
    slots = day_slots(make_schedule(blocked=(leave,)), date(2026, 11, 23))
    assert offered(slots) == SOCIAL_WORKER_DAY
    assert [slot.capacity for slot in slots] == [1, 1, 1, 1, 2, 2, 2, 2]


def test_leave_of_both_removes_the_slots_it_touches() -> None:
    # A professional away for part of a slot cannot take it: 10:00-10:15 touches only 09:45.
    short = Blocked("social_worker", athens(2026, 11, 23, 10, 0), athens(2026, 11, 23, 10, 15), count=2)
    slots = day_slots(make_schedule(blocked=(short,)), date(2026, 11, 23))
    assert "09:45" not in offered(slots)
    assert len(slots) == len(SOCIAL_WORKER_DAY) - 1


def test_leave_and_bookings_together_fill_a_slot() -> None:
    leave = Blocked("social_worker", athens(2026, 11, 23, 9, 0), athens(2026, 11, 23, 10, 0))
    taken = {("social_worker", athens(2026, 11, 23, 9, 0)): 1}
    slots = day_slots(make_schedule(blocked=(leave,)), date(2026, 11, 23), taken=taken)
    assert offered(slots)[0] == "09:45"


def test_leave_of_another_service_changes_nothing() -> None:
    leave = Blocked("psychologist", athens(2026, 11, 23, 9, 0), athens(2026, 11, 23, 15, 0))
    schedule = make_schedule(blocked=(leave,))
    assert day_slots(schedule, date(2026, 11, 23), "psychologist") == []
    assert offered(day_slots(schedule, date(2026, 11, 23))) == SOCIAL_WORKER_DAY


def test_no_staff_of_a_role_means_no_slots() -> None:
    schedule = make_schedule({"social_worker": 2, "psychologist": 0})
    assert day_slots(schedule, date(2026, 11, 23), "psychologist") == []
    assert day_slots(schedule, date(2026, 11, 23), "lawyer") == []


def test_minimum_notice_hides_slots_too_soon() -> None:
    now = athens(2026, 11, 23, 7, 45)
    assert offered(day_slots(make_schedule(), date(2026, 11, 23), now=now))[0] == "09:45"
    later = athens(2026, 11, 23, 9, 0)
    assert offered(day_slots(make_schedule(), date(2026, 11, 23), now=later))[0] == "11:15"


def test_minimum_notice_is_configurable() -> None:
    now = athens(2026, 11, 23, 9, 0)
    slots = day_slots(make_schedule(), date(2026, 11, 23), now=now, min_notice=timedelta(0))
    assert offered(slots)[0] == "09:00"


@pytest.mark.parametrize(
    ("before", "after"),
    [(date(2026, 3, 27), date(2026, 3, 30)), (date(2026, 10, 23), date(2026, 10, 26))],
)
def test_the_weekdays_around_a_clock_change_offer_the_same_local_times(before: date, after: date) -> None:
    schedule = make_schedule()
    assert offered(day_slots(schedule, before)) == SOCIAL_WORKER_DAY
    assert offered(day_slots(schedule, after)) == SOCIAL_WORKER_DAY
    # The same 09:00 is a different UTC hour on each side of the change.
    first_before, first_after = day_slots(schedule, before)[0], day_slots(schedule, after)[0]
    assert first_before.starts_at.hour != first_after.starts_at.hour


@pytest.mark.parametrize(
    ("night", "expected"),
    [
        (date(2026, 3, 29), ["02:00", "04:00"]),  # 03:00 does not exist: clocks jump to 04:00
        (date(2026, 10, 25), ["02:00", "03:00", "03:00", "04:00"]),  # 03:00 happens twice
    ],
)
def test_a_night_interval_over_a_clock_change_follows_real_time(night: date, expected: list[str]) -> None:
    hours = parse_weekly_hours({"sun": "02:00-05:00"})
    schedule = Schedule(OpeningCalendar(hours), (ServiceSpec("helpline", 1, 60),))
    slots = day_slots(schedule, night, "helpline")
    assert offered(slots) == expected
    starts = [slot.starts_at for slot in slots]
    assert len(set(starts)) == len(starts)
    # Each offered wall-clock time names exactly the instant booked (no time in the missing hour).
    for start in starts:
        local = start.astimezone(ATHENS)
        assert local.replace(tzinfo=None).replace(tzinfo=ATHENS, fold=local.fold).astimezone(UTC) == start


FARSI = InterpreterWindow("fa", athens(2026, 11, 24, 10, 0), athens(2026, 11, 24, 12, 0), "maryam")


def test_a_farsi_request_gets_only_times_with_the_farsi_interpreter() -> None:
    slots = day_slots(make_schedule(interpreters=(FARSI,)), date(2026, 11, 24), language="fa")
    assert offered(slots) == ["10:30", "11:15"]
    assert {slot.interpreter_id for slot in slots} == {"maryam"}


def test_a_language_without_interpreters_gets_the_normal_slots() -> None:
    # No interpreter is on the rota for Ukrainian: offer the usual times rather than nothing.
    slots = day_slots(make_schedule(interpreters=(FARSI,)), date(2026, 11, 24), language="uk")
    assert offered(slots) == [*SOCIAL_WORKER_DAY, "17:00", "17:45"]
    assert {slot.interpreter_id for slot in slots} == {None}


def test_no_language_ignores_the_interpreters() -> None:
    slots = day_slots(make_schedule(interpreters=(FARSI,)), date(2026, 11, 24))
    assert len(slots) == len(SOCIAL_WORKER_DAY) + 2


def test_a_booked_interpreter_is_not_offered_again() -> None:
    # The psychologist's 10:40-11:30 appointment with Maryam overlaps both social-worker slots.
    booking = InterpreterBooking("maryam", athens(2026, 11, 24, 10, 30), athens(2026, 11, 24, 11, 15))
    schedule = make_schedule(interpreters=(FARSI,))
    day = date(2026, 11, 24)
    assert offered(day_slots(schedule, day, language="fa", interpreter_bookings=(booking,))) == ["11:15"]
    psychologist = InterpreterBooking("maryam", athens(2026, 11, 24, 10, 40), athens(2026, 11, 24, 11, 30))
    assert day_slots(schedule, day, language="fa", interpreter_bookings=(psychologist,)) == []


def test_a_second_interpreter_covers_when_the_first_is_booked() -> None:
    second = InterpreterWindow("fa", athens(2026, 11, 24, 9, 0), athens(2026, 11, 24, 15, 0), "reza")
    booking = InterpreterBooking("maryam", athens(2026, 11, 24, 10, 30), athens(2026, 11, 24, 11, 15))
    slots = day_slots(
        make_schedule(interpreters=(FARSI, second)),
        date(2026, 11, 24),
        language="fa",
        interpreter_bookings=(booking,),
    )
    assert [(offered([slot])[0], slot.interpreter_id) for slot in slots][1:4] == [
        ("09:45", "reza"),
        ("10:30", "reza"),
        ("11:15", "maryam"),
    ]


def test_filter_slots_by_weekday_and_part_of_day_in_athens_time() -> None:
    week = free_slots(
        make_schedule(),
        from_=athens(2026, 11, 23),
        to=athens(2026, 11, 30),
        now=LONG_AGO,
        service="social_worker",
    )
    tuesday = 1
    assert offered(filter_slots(week, tuesday, "morning")) == SOCIAL_WORKER_DAY[:4]
    assert offered(filter_slots(week, tuesday, "afternoon")) == SOCIAL_WORKER_DAY[4:]
    assert offered(filter_slots(week, tuesday, "evening")) == ["17:00", "17:45"]
    assert len(filter_slots(week, None, "evening")) == 2
    assert len(filter_slots(week, 4, None)) == len(SOCIAL_WORKER_DAY)
    assert filter_slots(week, 5, None) == []


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2026, 11, 23, 9, 0)  # noqa: DTZ001
    with pytest.raises(ValueError, match="time zone"):
        free_slots(make_schedule(), from_=naive, to=athens(2026, 11, 24), now=LONG_AGO)
    with pytest.raises(ValueError, match="time zone"):
        Blocked("social_worker", naive, athens(2026, 11, 24))
