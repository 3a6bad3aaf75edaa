"""Job ``announcements``: queue the scheduled announcements whose time has come.

Each is claimed by one conditional UPDATE and queued in the same transaction, and every row carries a
dedupe key per announcement, identity and page: running the job twice, or on two replicas, queues once.
"""

from __future__ import annotations

from bot.jobs.context import JobContext
from bot.notices.announcements import send_announcement
from storage.announcements import claim_due_announcements
from storage.models import Center


async def announcements_job(context: JobContext) -> str:
    """Queue the announcements that are due."""
    runtime = context.runtime
    now = runtime.clock.now()
    queued = recipients = 0
    async with runtime.sessions.begin() as session:
        for announcement in await claim_due_announcements(session, now=now):
            center = await session.get_one(Center, announcement.center_id)
            recipients += await send_announcement(session, center=center, announcement=announcement, now=now)
            queued += 1
    return f"announcements={queued} recipients={recipients}"
