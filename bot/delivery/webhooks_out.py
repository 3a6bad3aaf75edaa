"""New cases POSTed to a center's own system as signed JSON, retried until accepted."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from datetime import timedelta

import httpx
import sqlalchemy as sa

from bot.delivery.pacing import backoff_delay
from frontdesk.runtime import Runtime
from storage.models import Center, WebhookDelivery

logger = logging.getLogger(__name__)
CLAIM_LEASE = timedelta(minutes=2)
BATCH = 50


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` of HMAC-SHA256 over ``<timestamp>.<body>``: the receiver checks both."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


@dataclass
class WebhookStats:
    """What one run did."""

    delivered: int = 0
    retried: int = 0
    failed: int = 0


async def deliver_webhooks(runtime: Runtime, client: httpx.AsyncClient) -> WebhookStats:
    """Send every due delivery once; failures wait with backoff, and give up after the configured age."""
    stats = WebhookStats()
    now = runtime.clock.now()
    async with runtime.sessions.begin() as session:
        due = (
            sa.select(WebhookDelivery.id)
            .where(
                sa.or_(
                    sa.and_(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now),
                    sa.and_(
                        WebhookDelivery.status == "sending", WebhookDelivery.claimed_at < now - CLAIM_LEASE
                    ),
                )
            )
            .order_by(WebhookDelivery.id)
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        )
        claimed = (
            await session.scalars(
                sa.update(WebhookDelivery)
                .where(WebhookDelivery.id.in_(due.scalar_subquery()))
                .values(status="sending", claimed_at=now, attempts=WebhookDelivery.attempts + 1)
                .returning(WebhookDelivery),
                execution_options={"synchronize_session": False},
            )
        ).all()
        slugs = {center.id: center for center in (await session.scalars(sa.select(Center))).all()}
    for delivery in claimed:
        center = slugs[delivery.center_id]
        spec = runtime.centers.by_slug(center.slug)
        error = await _post(
            client,
            center.case_webhook_url,
            spec.case_webhook_secret.get_secret_value() if spec and spec.case_webhook_secret else None,
            delivery,
            now.isoformat(),
        )
        async with runtime.sessions.begin() as session:
            row = await session.get_one(WebhookDelivery, delivery.id)
            if error is None:
                row.status, row.delivered_at, row.last_error = "delivered", runtime.clock.now(), None
                stats.delivered += 1
            elif runtime.clock.now() - row.created_at > timedelta(hours=runtime.settings.give_up_after_hours):
                row.status, row.last_error = "failed", error
                stats.failed += 1
                logger.warning("case webhook %d of center %s failed for good: %s", row.id, center.slug, error)
            else:
                settings = runtime.settings
                delay = backoff_delay(row.attempts, settings.retry_base_seconds, settings.retry_max_seconds)
                row.status, row.last_error = "pending", error
                row.next_attempt_at = runtime.clock.now() + timedelta(seconds=delay)
                stats.retried += 1
    return stats


async def _post(
    client: httpx.AsyncClient, url: str | None, secret: str | None, delivery: WebhookDelivery, timestamp: str
) -> str | None:
    """None when the receiver accepted the delivery (2xx), else a short reason."""
    if url is None or secret is None:
        return "webhook no longer configured"
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {
        "Content-Type": "application/json",
        "X-FrontDesk-Event": delivery.event,
        "X-FrontDesk-Delivery": str(delivery.id),
        "X-FrontDesk-Timestamp": timestamp,
        "X-FrontDesk-Signature": signature(secret, timestamp, body),
    }
    try:
        response = await client.post(url, content=body, headers=headers)
    except httpx.HTTPError as error:
        return type(error).__name__
    return None if response.is_success else f"HTTP {response.status_code}"
