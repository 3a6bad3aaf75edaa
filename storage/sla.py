"""When a case must be answered: a target per priority; urgent ones count opening time only."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from frontdesk.hours import OpeningCalendar, merge_hours
from frontdesk.urgency import SlaMinutes
from storage.enums import CasePriority
from storage.models import Center


def center_calendar(center: Center, *, extended: bool = False) -> OpeningCalendar:
    """The center's opening calendar; with ``extended`` the extended hours count as open."""
    hours = merge_hours(center.hours, center.extended_hours) if extended else center.hours
    closed = frozenset(date.fromisoformat(day) for day in center.closed_dates)
    return OpeningCalendar(hours, center.timezone, closed)


def target_minutes(center: Center, priority: CasePriority) -> int:
    """The center's answer target for a priority, in minutes (the defaults when the file gives none)."""
    targets = {**SlaMinutes().by_priority(center.sla_hours), **(center.sla_minutes or {})}
    return int(targets[priority.value])


def answer_due(center: Center, priority: CasePriority, since: datetime) -> datetime:
    """When a case of this priority opened at ``since`` is due.

    An urgent case is due a few minutes of opening time later (extended hours count, since someone is
    there): at once while open, at opening plus those minutes when closed. Other priorities count the clock.
    """
    minutes = timedelta(minutes=target_minutes(center, priority))
    if priority is CasePriority.URGENT:
        due = center_calendar(center, extended=True).add_open_time(since, minutes)
        if due is not None:
            return due
    return since + minutes
