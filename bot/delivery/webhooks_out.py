"""New cases POSTed to a center's own system as signed JSON, retried until accepted."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from datetime import timedelta

import httpx

from bot.delivery.pacing import backoff_delay
from frontdesk.runtime import Runtime
from storage.centers import list_centers
from storage.models import WebhookDelivery
from storage.webhook_deliveries import claim_due_deliveries, finish_delivery

logger = logging.getLogger(__name__)
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
        claimed = await claim_due_deliveries(session, now=now, limit=BATCH)
        centers = {center.id: center for center in await list_centers(session)}
    settings = runtime.settings
    for delivery in claimed:
        center = centers[delivery.center_id]
        spec = runtime.centers.by_slug(center.slug)
        error = await _post(
            client,
            center.case_webhook_url,
            spec.case_webhook_secret.get_secret_value() if spec and spec.case_webhook_secret else None,
            delivery,
            now.isoformat(),
        )
        delay = backoff_delay(delivery.attempts, settings.retry_base_seconds, settings.retry_max_seconds)
        async with runtime.sessions.begin() as session:
            outcome = await finish_delivery(
                session, delivery_id=delivery.id, error=error, now=runtime.clock.now(),
                give_up_after=timedelta(hours=settings.give_up_after_hours), retry_in=timedelta(seconds=delay),
            )  # fmt: skip
        if outcome == "delivered":
            stats.delivered += 1
        elif outcome == "failed":
            stats.failed += 1
            logger.warning(
                "case webhook %d of center %s failed for good: %s", delivery.id, center.slug, error
            )
        else:
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
