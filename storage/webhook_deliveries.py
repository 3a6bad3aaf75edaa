"""Case announcements to a center's own system: claimed with a lease, finished with their outcome."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from storage.claims import claim_with_lease
from storage.models import WebhookDelivery

# A delivery claimed longer ago than this belongs to a worker that died; it is claimed again.
CLAIM_LEASE = timedelta(minutes=2)


async def claim_due_deliveries(session: AsyncSession, *, now: datetime, limit: int) -> list[WebhookDelivery]:
    """Claim up to ``limit`` deliveries that are due, oldest first."""
    return await claim_with_lease(
        session, WebhookDelivery, now=now, limit=limit, lease=CLAIM_LEASE, pending="pending", claimed="sending",
        order_by=(WebhookDelivery.id,),
    )  # fmt: skip


async def finish_delivery(
    session: AsyncSession,
    *,
    delivery_id: int,
    error: str | None,
    now: datetime,
    give_up_after: timedelta,
    retry_in: timedelta,
) -> str:
    """Record how a delivery went: ``delivered``, ``failed`` for good (too old), or ``retry`` later."""
    row = await session.get_one(WebhookDelivery, delivery_id)
    if error is None:
        row.status, row.delivered_at, row.last_error = "delivered", now, None
        return "delivered"
    row.last_error = error
    if now - row.created_at > give_up_after:
        row.status = "failed"
        return "failed"
    row.status, row.next_attempt_at = "pending", now + retry_in
    return "retry"
