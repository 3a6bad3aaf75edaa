"""Announcements to the subscribers of areas: queued with one set-based INSERT … SELECT, counted from the outbox.

Recipients are the identities with a live subscription to any of the areas, not opted out, reachable,
whose citizen is not erased: one message per identity, however many of the areas it follows. The
caller renders the text once per (language, channel) and this module writes every recipient's row in one
statement, so 10 000 subscribers take one round trip, not 10 000.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.audit import record_audit
from storage.base import JSONType
from storage.enums import AnnouncementStatus, AuditActor, Channel, OutboxStatus
from storage.models import Announcement, ChannelIdentity, Citizen, OutboxMessage, Staff, Subscription

# The rendering key of citizens whose language the announcement does not have: Greek and English together.
FALLBACK = "*"


@dataclass(frozen=True)
class RenderedPage:
    """One page of an announcement as a channel shows it to speakers of a language."""

    language: str  # a language of the texts, or FALLBACK
    channel: Channel
    page: int
    locale: str
    body: str
    payload: dict[str, Any]


def _recipients(center_id: int, area_ids: Sequence[int]) -> sa.Select[int]:
    subscribed = sa.select(Subscription.identity_id).where(
        Subscription.center_id == center_id,
        Subscription.area_id.in_(area_ids),
        Subscription.cancelled_at.is_(None),
    )
    return (
        sa.select(ChannelIdentity.id)
        .join(Citizen, Citizen.id == ChannelIdentity.citizen_id)
        .where(
            ChannelIdentity.id.in_(subscribed),
            ChannelIdentity.center_id == center_id,
            ChannelIdentity.opted_out_at.is_(None),
            ChannelIdentity.unreachable_at.is_(None),
            Citizen.erased_at.is_(None),
        )
    )


async def count_recipients(session: AsyncSession, *, center_id: int, area_ids: Sequence[int]) -> int:
    """How many identities an announcement to these areas would reach now."""
    counted = sa.select(sa.func.count()).select_from(_recipients(center_id, area_ids).subquery())
    return int(await session.scalar(counted) or 0)


async def count_audience(
    session: AsyncSession, *, center_id: int, area_ids: Sequence[int]
) -> dict[tuple[str, Channel], int]:
    """How many identities an announcement to these areas would reach now, per citizen language and channel."""
    if not area_ids:
        return {}
    rows = await session.execute(
        sa.select(Citizen.locale, ChannelIdentity.channel, sa.func.count())
        .join(Citizen, Citizen.id == ChannelIdentity.citizen_id)
        .where(ChannelIdentity.id.in_(_recipients(center_id, area_ids)))
        .group_by(Citizen.locale, ChannelIdentity.channel)
    )
    return {(locale.value, channel): int(count) for locale, channel, count in rows.all()}


async def create_announcement(
    session: AsyncSession,
    *,
    staff: Staff,
    area_ids: Sequence[int],
    texts: Mapping[str, str],
    send_at: datetime | None,
    now: datetime,
) -> Announcement:
    """A new announcement, scheduled for ``send_at`` (or to be queued now by the caller)."""
    later = send_at is not None and send_at > now
    announcement = Announcement(
        center_id=staff.center_id, area_id=area_ids[0] if len(area_ids) == 1 else None, area_ids=list(area_ids),
        texts=dict(texts), status=AnnouncementStatus.SCHEDULED if later else AnnouncementStatus.DRAFT,
        send_at=send_at if later else now, recipients=await count_recipients(
            session, center_id=staff.center_id, area_ids=area_ids
        ), created_by=staff.id, created_at=now,
    )  # fmt: skip
    session.add(announcement)
    await session.flush()
    await record_audit(
        session, center_id=staff.center_id, actor=AuditActor.STAFF, staff_id=staff.id,
        action="announcement.create", object_type="announcement", object_id=announcement.id, now=now,
        details={"areas": list(area_ids), "recipients": announcement.recipients},
    )  # fmt: skip
    return announcement


def _rendered_rows(pages: Sequence[RenderedPage]) -> sa.CTE:
    """The rendered pages as a table in the statement (a UNION ALL of literal rows: SQLite and PostgreSQL)."""
    rows = [
        sa.select(
            sa.literal(page.language, sa.String).label("language"),
            sa.literal(page.channel.value, sa.String).label("channel"),
            sa.literal(f":{page.page}", sa.String).label("suffix"),
            sa.literal(page.locale, sa.String).label("locale"),
            sa.literal(page.body, sa.Text).label("body"),
            sa.literal(page.payload, JSONType).label("payload"),
        )
        for page in pages
    ]
    return sa.union_all(*rows).cte("rendered")


async def queue_announcement(
    session: AsyncSession, *, announcement: Announcement, pages: Sequence[RenderedPage], now: datetime
) -> int:
    """Write every recipient's rows in one INSERT … SELECT (a rerun adds nothing); how many recipients."""
    rendered = _rendered_rows(pages)
    languages = sorted({page.language for page in pages} - {FALLBACK})
    language = sa.case((Citizen.locale.in_(languages), Citizen.locale), else_=sa.literal(FALLBACK))
    prefix = f"ann:{announcement.id}:"
    select = (
        sa.select(
            sa.literal(announcement.center_id),
            ChannelIdentity.id,
            ChannelIdentity.channel,
            ChannelIdentity.address,
            rendered.c.locale,
            rendered.c.body,
            rendered.c.payload,
            sa.literal(OutboxStatus.PENDING.value),
            sa.literal(0),
            sa.literal(now, type_=OutboxMessage.created_at.type),
            sa.literal(now, type_=OutboxMessage.created_at.type),
            sa.literal(now, type_=OutboxMessage.created_at.type),
            sa.literal(prefix) + sa.cast(ChannelIdentity.id, sa.String) + rendered.c.suffix,
            sa.literal(announcement.id),
        )
        .join(Citizen, Citizen.id == ChannelIdentity.citizen_id)
        .join(
            rendered, sa.and_(rendered.c.language == language, rendered.c.channel == ChannelIdentity.channel)
        )
        .where(ChannelIdentity.id.in_(_recipients(announcement.center_id, announcement.area_ids)))
    )
    columns = [
        "center_id", "identity_id", "channel", "to_address", "locale", "body", "payload", "status", "attempts",
        "next_attempt_at", "created_at", "updated_at", "dedupe_key", "announcement_id",
    ]  # fmt: skip
    module: Any = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        module.insert(OutboxMessage)
        .from_select(columns, select)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
    )
    await session.execute(statement)
    recipients = await session.scalar(
        sa.select(sa.func.count(sa.distinct(OutboxMessage.identity_id))).where(
            OutboxMessage.announcement_id == announcement.id
        )
    )
    announcement.recipients = int(recipients or 0)
    announcement.status = AnnouncementStatus.QUEUED
    announcement.sent_at = now
    await session.flush()
    return announcement.recipients


async def claim_due_announcements(session: AsyncSession, *, now: datetime) -> list[Announcement]:
    """Scheduled announcements whose time has come, claimed in one UPDATE … RETURNING (exact on both engines)."""
    statement = (
        sa.update(Announcement)
        .where(Announcement.status == AnnouncementStatus.SCHEDULED, Announcement.send_at <= now)
        .values(status=AnnouncementStatus.QUEUED)
        .returning(Announcement)
        .execution_options(synchronize_session=False)
    )
    return list((await session.scalars(statement)).all())


async def get_announcement(
    session: AsyncSession, *, center_id: int, announcement_id: int
) -> Announcement | None:
    """An announcement of this center."""
    return await session.scalar(
        sa.select(Announcement).where(Announcement.id == announcement_id, Announcement.center_id == center_id)
    )


async def list_announcements(session: AsyncSession, *, center_id: int, limit: int = 50) -> list[Announcement]:
    """The center's announcements, newest first."""
    rows = await session.scalars(
        sa.select(Announcement)
        .where(Announcement.center_id == center_id)
        .order_by(Announcement.created_at.desc(), Announcement.id.desc())
        .limit(limit)
    )
    return list(rows.all())


PROGRESS = {
    OutboxStatus.PENDING: "queued", OutboxStatus.SENDING: "queued", OutboxStatus.QUEUED: "sent",
    OutboxStatus.SENT: "sent", OutboxStatus.DELIVERED: "delivered", OutboxStatus.UNDELIVERED: "failed",
    OutboxStatus.FAILED: "failed", OutboxStatus.CANCELLED: "failed",
}  # fmt: skip


async def announcement_progress(session: AsyncSession, *, announcement_id: int) -> dict[str, int]:
    """Recipients by delivery progress (queued, sent, delivered, failed), counted on each one's first message."""
    rows = await session.execute(
        sa.select(OutboxMessage.status, sa.func.count())
        .where(OutboxMessage.announcement_id == announcement_id, OutboxMessage.dedupe_key.like("%:0"))
        .group_by(OutboxMessage.status)
    )
    counts = dict.fromkeys(("queued", "sent", "delivered", "failed"), 0)
    for status, count in rows.all():
        counts[PROGRESS[status]] += int(count)
    return counts


def shown_status(announcement: Announcement, counts: Mapping[str, int]) -> AnnouncementStatus:
    """The announcement's status as staff read it: queued until nothing is left waiting here, then sent."""
    if announcement.status is AnnouncementStatus.QUEUED and counts.get("queued", 0) == 0:
        return AnnouncementStatus.SENT
    return announcement.status
