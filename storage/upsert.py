"""``INSERT … ON CONFLICT DO NOTHING`` for SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.base import Base


async def insert_ignoring_conflict(
    session: AsyncSession,
    model: type[Base],
    values: dict[str, Any],
    conflict_columns: list[str],
    *,
    index_where: sa.ColumnElement[bool] | None = None,
) -> int | None:
    """Insert a row unless one with the same conflict columns exists; the new id, or None when it did.

    ``index_where`` names a partial unique index as the arbiter (its WHERE clause).
    """
    table = cast(sa.Table, model.__table__)
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    statement = (
        module.insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=conflict_columns, index_where=index_where)
        .returning(table.c.id)
    )
    return (await session.execute(statement)).scalar_one_or_none()
