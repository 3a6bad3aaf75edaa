"""Subscriptions to mobile-unit announcements per area."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Subscription


async def subscribe(
    session: AsyncSession, *, center_id: int, identity_id: int, area_id: int, now: datetime
) -> Subscription:
    """Subscribe (again) an identity to an area's announcements; consent is recorded now."""
    found = await session.scalar(
        sa.select(Subscription).where(
            Subscription.identity_id == identity_id, Subscription.area_id == area_id
        )
    )
    if found is None:
        found = Subscription(
            center_id=center_id, identity_id=identity_id, area_id=area_id, consent_at=now, created_at=now
        )
        session.add(found)
    else:
        found.consent_at = now
        found.cancelled_at = None
    await session.flush()
    return found


async def unsubscribe(session: AsyncSession, *, identity_id: int, area_id: int, now: datetime) -> bool:
    """Cancel a subscription; False when there was none."""
    result = await session.execute(
        sa.update(Subscription)
        .where(
            Subscription.identity_id == identity_id,
            Subscription.area_id == area_id,
            Subscription.cancelled_at.is_(None),
        )
        .values(cancelled_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def is_subscribed(session: AsyncSession, *, identity_id: int, area_id: int) -> bool:
    """Tell whether a channel identity receives announcements for an area."""
    found = await session.scalar(
        sa.select(Subscription.id).where(
            Subscription.identity_id == identity_id,
            Subscription.area_id == area_id,
            Subscription.cancelled_at.is_(None),
        )
    )
    return found is not None
