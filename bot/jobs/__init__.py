"""Scheduled jobs: named functions that claim work from the database, safe to run twice."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.jobs.alerts import alerts_job
from bot.jobs.announcements import announcements_job
from bot.jobs.context import JobContext
from bot.jobs.inbound import inbound_job
from bot.jobs.outbox import outbox_job
from bot.jobs.reminders import reminders_job
from bot.jobs.retention import retention_job
from bot.jobs.spool import spool_job
from bot.jobs.visit_changes import visit_changes_job
from bot.jobs.webhooks import webhooks_job

__all__ = ["INTERVALS", "JOBS", "LOCAL_JOBS", "JobContext"]

JOBS: dict[str, Callable[[JobContext], Awaitable[str]]] = {
    "outbox": outbox_job,
    "inbound": inbound_job,
    "spool": spool_job,
    "retention": retention_job,
    "webhooks": webhooks_job,
    "visit_changes": visit_changes_job,
    "announcements": announcements_job,
    "reminders": reminders_job,
    "alerts": alerts_job,
}
# How often the scheduler runs each job, in seconds.
INTERVALS = {
    "outbox": 2,
    "inbound": 60,
    "spool": 2,
    "retention": 6 * 3600,
    "webhooks": 10,
    "visit_changes": 60,
    "announcements": 60,
    "reminders": 60,
    "alerts": 30,
}
# Jobs about this replica's own resources: every replica runs them, leader or not.
LOCAL_JOBS = frozenset({"spool"})
