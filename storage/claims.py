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

from storage.base import UTCDateTime

Row = TypeVar("Row")


# Bound at execution, so that a statement built once serves every claim (``claim_statement``).
NOW = sa.bindparam("claim_now", type_=UTCDateTime())
STALE_BEFORE = sa.bindparam("claim_stale_before", type_=UTCDateTime())


def claim_statement(
    model: type[Row],
    *,
    limit: int,
    pending: Any,
    claimed: Any,
    order_by: Sequence[Any],
    where: Sequence[Any] = (),
    values: dict[str, Any] | None = None,
) -> Any:
    """The claim, with the moment (``NOW``) and the lease's end (``STALE_BEFORE``) bound at execution.

    A caller that claims often builds it once and passes it to ``claim_with_lease``: building and keying a
    statement of this size cost more CPU than running it on SQLite.
    """
    table: Any = model
    due = (
        sa.select(table.id)
        .where(
            sa.or_(
                sa.and_(table.status == pending, table.next_attempt_at <= NOW),
                sa.and_(table.status == claimed, table.claimed_at < STALE_BEFORE),
            ),
            *where,
        )
        .order_by(*order_by)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return (
        sa.update(table)
        .where(table.id.in_(due.scalar_subquery()))
        .values(status=claimed, claimed_at=NOW, attempts=table.attempts + 1, **(values or {}))
        .returning(table)
    )


async def claim_with_lease(
    session: AsyncSession,
    model: type[Row],
    *,
    now: datetime,
    limit: int,
    lease: timedelta,
    pending: Any,
    claimed: Any,
    order_by: Sequence[Any] = (),
    where: Sequence[Any] = (),
    values: dict[str, Any] | None = None,
    statement: Any = None,
    parameters: dict[str, Any] | None = None,
) -> list[Row]:
    """Claim up to ``limit`` rows that are due (or whose lease ran out), marking them ``claimed``.

    ``statement`` is one ``claim_statement`` built ahead (then the other clauses are its own), with the
    values of its own bound parameters in ``parameters``.
    """
    if statement is None:
        statement = claim_statement(
            model,
            limit=limit,
            pending=pending,
            claimed=claimed,
            order_by=order_by,
            where=where,
            values=values,
        )
    bound = {NOW.key: now, STALE_BEFORE.key: now - lease, **(parameters or {})}
    rows = await session.scalars(statement, bound, execution_options={"synchronize_session": False})
    return list(rows.all())
