"""Scheduled jobs: named functions that claim work from the database, safe to run twice."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.jobs.context import JobContext
from bot.jobs.inbound import inbound_job
from bot.jobs.outbox import outbox_job
from bot.jobs.retention import retention_job
from bot.jobs.spool import spool_job
from bot.jobs.webhooks import webhooks_job

__all__ = ["INTERVALS", "JOBS", "LOCAL_JOBS", "JobContext"]

JOBS: dict[str, Callable[[JobContext], Awaitable[str]]] = {
    "outbox": outbox_job,
    "inbound": inbound_job,
    "spool": spool_job,
    "retention": retention_job,
    "webhooks": webhooks_job,
}
# How often the scheduler runs each job, in seconds.
INTERVALS = {"outbox": 2, "inbound": 60, "spool": 2, "retention": 6 * 3600, "webhooks": 10}
# Jobs about this replica's own resources: every replica runs them, leader or not.
LOCAL_JOBS = frozenset({"spool"})
