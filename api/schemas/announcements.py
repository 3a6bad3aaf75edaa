"""Announcements to the subscribers of mobile-unit areas."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.booking import WithoutNul
from api.schemas.visits import AreaSlug
from storage.enums import AnnouncementStatus, Language

AnnouncementText = Annotated[str, Field(min_length=1, max_length=1000), WithoutNul]


class AnnouncementIn(BaseModel):
    """Text per language (Greek required; others fall back to Greek and English), now or at ``send_at``."""

    model_config = ConfigDict(extra="forbid")

    areas: Annotated[list[AreaSlug], Field(min_length=1, max_length=50)]
    text: dict[Language, AnnouncementText]
    send_at: datetime | None = None


class AnnouncementOut(BaseModel):
    """An announcement as created: how many subscribers it reaches and whether it is queued yet."""

    id: int
    recipients: int
    status: AnnouncementStatus
    send_at: datetime | None


class AnnouncementProgress(BaseModel):
    """Delivery progress, counted from the outbox (each recipient's first message)."""

    id: int
    status: AnnouncementStatus
    recipients: int
    queued: int
    sent: int
    delivered: int
    failed: int
    send_at: datetime | None
