"""Subscriptions to mobile-unit announcements, and the announcements themselves."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, fk_column, id_column, utcnow_column
from storage.enums import AnnouncementStatus


class Subscription(Base):
    """A citizen's consent to hear about the mobile unit in one area, on one channel."""

    __tablename__ = "subscriptions"
    __table_args__ = (sa.UniqueConstraint("identity_id", "area_id"),)

    id: Mapped[int] = id_column()
    center_id: Mapped[int] = fk_column("centers.id")
    identity_id: Mapped[int] = fk_column("channel_identities.id", index=False)
    area_id: Mapped[int] = fk_column("areas.id")
    consent_at: Mapped[datetime]
    cancelled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = utcnow_column()


class Announcement(Base):
    """A message from a coordinator to the subscribers of one area (or of all areas)."""

    __tablename__ = "announcements"

    id: Mapped[int] = id_column()
    center_id: Mapped[int] = fk_column("centers.id")
    area_id: Mapped[int | None] = fk_column("areas.id", nullable=True)
    # Every area the announcement goes to (one message per subscriber, however many of them they follow).
    area_ids: Mapped[list[Any]] = mapped_column(server_default=sa.text("'[]'"))
    visit_id: Mapped[int | None] = fk_column("mobile_visits.id", nullable=True, index=False)
    # {"el": "…", "en": "…"}: each subscriber gets their language, else Greek and English together.
    texts: Mapped[dict[str, Any]]
    status: Mapped[AnnouncementStatus] = mapped_column(default=AnnouncementStatus.DRAFT)
    send_at: Mapped[datetime | None]
    recipients: Mapped[int] = mapped_column(default=0)
    created_by: Mapped[int | None] = fk_column("staff.id", nullable=True, index=False)
    created_at: Mapped[datetime] = utcnow_column()
    sent_at: Mapped[datetime | None]
