"""Job ``retention``: delete or anonymise what is past its retention period."""

from __future__ import annotations

from datetime import timedelta

from bot.jobs.context import JobContext
from storage.retention import RetentionPeriods, purge


async def retention_job(context: JobContext) -> str:
    """Delete or anonymise what is past its retention period."""
    settings = context.runtime.settings
    periods = RetentionPeriods(
        messages=timedelta(days=settings.retention_messages_days),
        conversations=timedelta(days=settings.retention_conversations_days),
        receipts=timedelta(days=settings.retention_receipts_days),
        closed_cases=timedelta(days=settings.retention_closed_cases_days),
        tokens=timedelta(days=settings.retention_tokens_days),
    )
    async with context.runtime.sessions.begin() as session:
        done = await purge(session, now=context.runtime.clock.now(), periods=periods)
    return " ".join(f"{kind}={count}" for kind, count in done.items())
