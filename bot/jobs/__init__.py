"""Scheduled jobs: named functions that claim work from the database, safe to run twice."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

import httpx
import sqlalchemy as sa

from bot.conversation.dispatcher import answer_stored
from bot.delivery.clients import ChannelClients
from bot.delivery.sender import Sender
from bot.delivery.webhooks_out import deliver_webhooks
from frontdesk.runtime import Runtime
from storage.enums import InboundStatus
from storage.models import InboundMessage
from storage.retention import RetentionPeriods, purge

logger = logging.getLogger(__name__)
# A message stored this long ago and still unanswered lost its handler (a crash, a restart).
STRANDED_AFTER = timedelta(minutes=2)


@dataclass
class JobContext:
    """What every job may use."""

    runtime: Runtime
    clients: ChannelClients
    sender: Sender


async def outbox_job(context: JobContext) -> str:
    """Send every due outbound message."""
    stats = await context.sender.run()
    return (
        f"sent={stats.sent} retried={stats.retried} throttled={stats.throttled} "
        f"failed={stats.failed} cancelled={stats.cancelled}"
    )


async def inbound_job(context: JobContext) -> str:
    """Answer messages that were stored but never answered."""
    runtime = context.runtime
    cutoff = runtime.clock.now() - STRANDED_AFTER
    async with runtime.sessions() as session:
        ids = (
            await session.scalars(
                sa.select(InboundMessage.id)
                .where(InboundMessage.status == InboundStatus.RECEIVED, InboundMessage.received_at < cutoff)
                .order_by(InboundMessage.id)
                .limit(200)
            )
        ).all()
    answered = 0
    for inbound_id in ids:
        try:
            await answer_stored(runtime, inbound_id)
            answered += 1
        except Exception:
            logger.exception("stranded inbound %d could not be answered", inbound_id)
    return f"answered={answered} of {len(ids)}"


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


async def webhooks_job(context: JobContext) -> str:
    """Announce new cases to the centers' own systems."""
    async with httpx.AsyncClient(timeout=context.runtime.settings.provider_timeout_seconds) as client:
        stats = await deliver_webhooks(context.runtime, client)
    return f"delivered={stats.delivered} retried={stats.retried} failed={stats.failed}"


JOBS: dict[str, Callable[[JobContext], Awaitable[str]]] = {
    "outbox": outbox_job,
    "inbound": inbound_job,
    "retention": retention_job,
    "webhooks": webhooks_job,
}
# How often the scheduler runs each job, in seconds.
INTERVALS = {"outbox": 2, "inbound": 60, "retention": 6 * 3600, "webhooks": 10}
