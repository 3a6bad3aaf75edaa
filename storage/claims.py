"""Claiming work rows with a lease: one ``UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING``.

Exact on PostgreSQL and SQLite alike (SQLite ignores SKIP LOCKED, but a single statement cannot claim a row
twice). A row claimed longer ago than the lease belongs to a worker that died and is claimed again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

Row = TypeVar("Row")


async def claim_with_lease(
    session: AsyncSession,
    model: type[Row],
    *,
    now: datetime,
    limit: int,
    lease: timedelta,
    pending: Any,
    claimed: Any,
    order_by: Sequence[Any],
    where: Sequence[Any] = (),
    values: dict[str, Any] | None = None,
) -> list[Row]:
    """Claim up to ``limit`` rows that are due (or whose lease ran out), marking them ``claimed``."""
    table: Any = model
    due = (
        sa.select(table.id)
        .where(
            sa.or_(
                sa.and_(table.status == pending, table.next_attempt_at <= now),
                sa.and_(table.status == claimed, table.claimed_at < now - lease),
            ),
            *where,
        )
        .order_by(*order_by)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    statement = (
        sa.update(table)
        .where(table.id.in_(due.scalar_subquery()))
        .values(status=claimed, claimed_at=now, attempts=table.attempts + 1, **(values or {}))
        .returning(table)
    )
    rows = await session.scalars(statement, execution_options={"synchronize_session": False})
    return list(rows.all())
