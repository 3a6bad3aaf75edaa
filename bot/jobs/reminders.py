"""Job ``reminders``: send the reminders due now, before appointments and mobile-unit visits.

Reminders are not timers: every run reads the live bookings starting soon and asks the pure rule
(``frontdesk.reminders``) which reminder, if any, is due for each; dedupe keys make every reminder go out
once, and a cancelled or moved booking never gets a stale one (its key carries the booking's start).
"""

from __future__ import annotations

from datetime import timedelta

from bot.jobs.context import JobContext
from bot.notices.reminders import send_reminder
from frontdesk.reminders import LONGEST_SHIFT, due_reminder
from storage.models import Center
from storage.reminders import queued_keys, upcoming_bookings

LONGEST_OFFSET = timedelta(hours=168)


async def reminders_job(context: JobContext) -> str:
    """Send every reminder due at this instant."""
    runtime = context.runtime
    now = runtime.clock.now()
    sent = 0
    async with runtime.sessions.begin() as session:
        upcoming = await upcoming_bookings(session, after=now, until=now + LONGEST_OFFSET + LONGEST_SHIFT)
        centers: dict[int, Center] = {}
        due = []
        for booking in upcoming:
            if booking.center_id not in centers:
                centers[booking.center_id] = await session.get_one(Center, booking.center_id)
            center = centers[booking.center_id]
            hours = due_reminder(
                starts_at=booking.starts_at, booked_at=booking.booked_at, offsets=center.reminder_hours,
                timezone=center.timezone, now=now,
            )  # fmt: skip
            if hours is not None:
                due.append((booking, hours, center))
        done = await queued_keys(session, keys=[booking.reminder_key(hours) for booking, hours, _ in due])
        for booking, hours, center in due:
            if booking.reminder_key(hours) not in done:
                sent += await send_reminder(session, upcoming=booking, hours=hours, center=center, now=now)
    return f"bookings={len(upcoming)} due={len(due)} sent={sent}"
