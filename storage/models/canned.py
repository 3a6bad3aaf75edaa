"""A center's own canned replies: its wording of a built-in reply in one language, or a reply of its own."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, fk_column, id_column
from storage.enums import Language


class CannedReply(Base):
    """One text of one canned reply in one language at one center (the built-in texts stay the defaults)."""

    __tablename__ = "canned_replies"
    __table_args__ = (sa.UniqueConstraint("center_id", "key", "language"),)

    id: Mapped[int] = id_column()
    center_id: Mapped[int] = fk_column("centers.id", index=False)
    key: Mapped[str] = mapped_column(sa.String(40))
    language: Mapped[Language]
    text: Mapped[str] = mapped_column(sa.String(1000))
    updated_by: Mapped[int | None] = fk_column("staff.id", nullable=True, index=False, ondelete="SET NULL")
    updated_at: Mapped[datetime]
