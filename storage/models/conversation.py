"""Conversation state: one row per channel identity, so any replica can take any message."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, fk_column, id_column, utcnow_column


class Conversation(Base):
    """Where a citizen is in a flow, with the answers collected so far."""

    __tablename__ = "conversations"

    id: Mapped[int] = id_column()
    center_id: Mapped[int] = fk_column("centers.id")
    identity_id: Mapped[int] = fk_column("channel_identities.id", index=False)
    flow: Mapped[str | None] = mapped_column(sa.String(40))
    node: Mapped[str | None] = mapped_column(sa.String(60))
    slots: Mapped[dict[str, Any]]
    # Where BACK leads: a short stack of (flow, node) pairs.
    history: Mapped[list[Any]]
    misses: Mapped[int] = mapped_column(default=0)
    # Pages of a long answer waiting for "MORE" on SMS.
    pending_pages: Mapped[list[Any]]
    # Bumped on every change: a stale writer fails instead of overwriting.
    version: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = utcnow_column()
    updated_at: Mapped[datetime] = utcnow_column()

    __table_args__ = (sa.UniqueConstraint("identity_id"),)
    # The ORM adds "AND version = :seen" to every UPDATE: a concurrent writer fails loudly.
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
