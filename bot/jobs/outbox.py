"""Job ``outbox``: send every due outbound message."""

from __future__ import annotations

from bot.jobs.context import JobContext


async def outbox_job(context: JobContext) -> str:
    """Send every due outbound message."""
    stats = await context.sender.run()
    return (
        f"sent={stats.sent} retried={stats.retried} throttled={stats.throttled} "
        f"failed={stats.failed} cancelled={stats.cancelled}"
    )
