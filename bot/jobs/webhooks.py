"""Job ``webhooks``: announce new cases to the centers' own systems."""

from __future__ import annotations

import httpx

from bot.delivery.webhooks_out import deliver_webhooks
from bot.jobs.context import JobContext


async def webhooks_job(context: JobContext) -> str:
    """Announce new cases to the centers' own systems."""
    async with httpx.AsyncClient(timeout=context.runtime.settings.provider_timeout_seconds) as client:
        stats = await deliver_webhooks(context.runtime, client)
    return f"delivered={stats.delivered} retried={stats.retried} failed={stats.failed}"
