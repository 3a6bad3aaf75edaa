"""Bookable appointment slots: a pure function of hours, staff on duty, leave and interpreters.

The database only counts what is taken (DESIGN.md §9); everything else is decided here, without I/O.
Slots are laid on a grid from the start of each opening interval in absolute time, so they are always
real instants: none is duplicated or lands in the missing hour when daylight saving changes. Instants
are aware and in UTC; days, weekdays and parts of the day are those of the center's time zone.

Interpreters: when a language is asked for and the schedule has interpreter windows for it, only
slots inside a window of a free interpreter are offered, with that interpreter recorded on the slot.
A language without any interpreter window gets the normal slots (interpreter ``None``): an interpreter
is not always available, and the citizen may still come with a relative or by phone interpretation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from frontdesk.hours import OpeningCalendar

DEFAULT_SLOT_MINUTES: Mapping[str, int] = {"social_worker": 45, "psychologist": 50}
OTHER_SLOT_MINUTES = 45
# Call-backs to citizens who asked for a person out of hours: short calls, one per professional on duty.
CALLBACK = "callback"
CALLBACK_MINUTES = 15
MIN_NOTICE = timedelta(hours=2)

PartOfDay = Literal["morning", "afternoon", "evening"]


def _check_span(starts_at: datetime, ends_at: datetime) -> None:
    _require_aware(starts_at, ends_at)
    if ends_at <= starts_at:
        raise ValueError(f"{ends_at.isoformat()} is not after {starts_at.isoformat()}")


def _require_aware(*instants: datetime) -> None:
    for instant in instants:
        if instant.utcoffset() is None:
            raise ValueError(f"{instant.isoformat()} has no time zone; pass aware UTC datetimes")


@dataclass(frozen=True)
class ServiceSpec:
    """A bookable service: how many professionals are on duty and how long one slot lasts."""

    service: str
    staff: int
    minutes: int

    def __post_init__(self) -> None:
        if self.staff < 0 or self.minutes <= 0:
            raise ValueError(f"{self.service}: staff must be >= 0 and minutes > 0")


@dataclass(frozen=True)
class Blocked:
    """Leave or a blocked time: ``count`` professionals of a service are away between two instants."""

    service: str
    starts_at: datetime
    ends_at: datetime
    count: int = 1

    def __post_init__(self) -> None:
        _check_span(self.starts_at, self.ends_at)
        if self.count < 1:
            raise ValueError(f"{self.service}: a block takes away at least one professional")


@dataclass(frozen=True)
class InterpreterWindow:
    """A time an interpreter for a language is available."""

    language: str
    starts_at: datetime
    ends_at: datetime
    interpreter_id: str

    def __post_init__(self) -> None:
        _check_span(self.starts_at, self.ends_at)


@dataclass(frozen=True)
class InterpreterBooking:
    """A time an interpreter is already booked (the slot of an appointment that uses them)."""

    interpreter_id: str
    starts_at: datetime
    ends_at: datetime

    def __post_init__(self) -> None:
        _check_span(self.starts_at, self.ends_at)


@dataclass(frozen=True)
class Schedule:
    """Everything availability depends on except what is taken."""

    calendar: OpeningCalendar
    services: tuple[ServiceSpec, ...]
    blocked: tuple[Blocked, ...] = ()
    interpreters: tuple[InterpreterWindow, ...] = ()


@dataclass(frozen=True)
class Slot:
    """An offered appointment; ``capacity`` and ``free`` count professionals of the service."""

    service: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    free: int
    interpreter_id: str | None = None


def services_from_staff(
    staff: Mapping[str, int], slot_minutes: Mapping[str, int] | None = None
) -> tuple[ServiceSpec, ...]:
    """One service per role of the centers file ``staff`` table, with configurable slot lengths."""
    minutes = {**DEFAULT_SLOT_MINUTES, **(slot_minutes or {})}
    return tuple(
        ServiceSpec(role, count, minutes.get(role, OTHER_SLOT_MINUTES)) for role, count in staff.items()
    )


def free_slots(
    schedule: Schedule,
    *,
    from_: datetime,
    to: datetime,
    now: datetime,
    taken: Mapping[tuple[str, datetime], int] | None = None,
    interpreter_bookings: Iterable[InterpreterBooking] = (),
    service: str | None = None,
    language: str | None = None,
    min_notice: timedelta = MIN_NOTICE,
) -> list[Slot]:
    """The slots starting in ``[from_, to)`` and after ``now + min_notice`` with room left, earliest first."""
    _require_aware(from_, to, now)
    earliest = max(from_, now + min_notice)
    windows = _windows_for(schedule.interpreters, language)
    busy = tuple(interpreter_bookings)
    counted = taken or {}
    slots: list[Slot] = []
    for spec in schedule.services:
        if service is not None and spec.service != service:
            continue
        for starts_at, ends_at in _grid(schedule.calendar, spec.minutes, earliest, to):
            capacity = spec.staff - _away(spec.service, starts_at, ends_at, schedule.blocked)
            free = capacity - counted.get((spec.service, starts_at), 0)
            if free <= 0:
                continue
            if windows is None:
                slots.append(Slot(spec.service, starts_at, ends_at, capacity, free))
            elif interpreter_id := _free_interpreter(windows, busy, starts_at, ends_at):
                slots.append(Slot(spec.service, starts_at, ends_at, capacity, free, interpreter_id))
    return sorted(slots, key=lambda slot: (slot.starts_at, slot.service))


def _grid(
    calendar: OpeningCalendar, minutes: int, from_: datetime, to: datetime
) -> Iterator[tuple[datetime, datetime]]:
    """Slot spans from the start of each opening interval, none crossing its end, starting in the range."""
    length = timedelta(minutes=minutes)
    for day in _local_days(from_, to, calendar.timezone):
        for opens, closes in calendar.intervals_on(day):
            # Stepping in absolute time keeps every start a real, unique instant across DST changes.
            starts_at = opens
            while starts_at + length <= closes:
                if from_ <= starts_at < to:
                    yield starts_at, starts_at + length
                starts_at += length


def _local_days(from_: datetime, to: datetime, timezone: str) -> Iterator[date]:
    """The center's local dates from the one of ``from_`` to the one of ``to``."""
    zone = ZoneInfo(timezone)
    day, last = from_.astimezone(zone).date(), to.astimezone(zone).date()
    while day <= last:
        yield day
        day += timedelta(days=1)


def _away(service: str, starts_at: datetime, ends_at: datetime, blocked: Sequence[Blocked]) -> int:
    """How many professionals of a service are away during any part of a slot."""
    # Without names, blocks touching one slot may be different people: count them all, never overbook.
    return sum(
        block.count
        for block in blocked
        if block.service == service and block.starts_at < ends_at and starts_at < block.ends_at
    )


def _windows_for(
    windows: Sequence[InterpreterWindow], language: str | None
) -> tuple[InterpreterWindow, ...] | None:
    """The interpreter windows a request must fit in, or None when no interpreter is needed or known."""
    if language is None:
        return None
    matching = tuple(window for window in windows if window.language == language)
    return matching or None


def _free_interpreter(
    windows: Sequence[InterpreterWindow],
    busy: Sequence[InterpreterBooking],
    starts_at: datetime,
    ends_at: datetime,
) -> str | None:
    """The first listed interpreter whose window holds the whole slot and who is not booked then."""
    for window in windows:
        if not window.starts_at <= starts_at < ends_at <= window.ends_at:
            continue
        clash = any(
            booking.interpreter_id == window.interpreter_id
            and booking.starts_at < ends_at
            and starts_at < booking.ends_at
            for booking in busy
        )
        if not clash:
            return window.interpreter_id
    return None


def filter_slots(
    slots: Iterable[Slot],
    weekday: int | None = None,
    part_of_day: PartOfDay | None = None,
    timezone: str = "Europe/Athens",
) -> list[Slot]:
    """The slots on a local weekday (0 is Monday) and in a part of the day, in the given order."""
    zone = ZoneInfo(timezone)
    result = []
    for slot in slots:
        local = slot.starts_at.astimezone(zone)
        if weekday is not None and local.weekday() != weekday:
            continue
        if part_of_day is not None and _part_of(local.time()) != part_of_day:
            continue
        result.append(slot)
    return result


def _part_of(clock: time) -> PartOfDay:
    """Morning before noon, afternoon until five, evening from five (local time)."""
    if clock < time(12, 0):
        return "morning"
    return "afternoon" if clock < time(17, 0) else "evening"
