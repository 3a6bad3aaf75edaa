"""Job ``visit_changes``: tell booked citizens about moved or cancelled visits not yet told.

The staff API tells them in the request that makes the change; this job catches anything left pending
(a change made by another path, a crash between the change and its notices). Safe to run twice: each
notice has a dedupe key per visit, change and booking.
"""

from __future__ import annotations

from bot.jobs.context import JobContext
from bot.notices.visits import tell_visit_change
from storage.models import Center
from storage.visits import list_changed_visits


async def visit_changes_job(context: JobContext) -> str:
    """Tell booked citizens about visit changes still pending."""
    runtime = context.runtime
    told = visits = 0
    async with runtime.sessions.begin() as session:
        for visit in await list_changed_visits(session):
            center = await session.get_one(Center, visit.center_id)
            told += await tell_visit_change(session, center=center, visit=visit, now=runtime.clock.now())
            visits += 1
    return f"visits={visits} messages={told}"
