"""The case queue of one center: filters, keyset pagination (fast at a million rows), a case's history.

What staff read through ``read_queue`` and ``read_case`` is written to the audit log.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.audit import record_audit
from storage.enums import AuditActor, CaseCategory, CasePriority, CaseStatus, Channel, Language, OutboxStatus
from storage.models import Case, ChannelIdentity, Citizen, InboundMessage, OutboxMessage, Staff
from storage.search import CaseSearch
from storage.threads import mark_read

MAX_PAGE = 200
MAX_ID = 2**63 - 1
MAX_RANK = max(priority.rank for priority in CasePriority)


class BadCursor(ValueError):
    """A cursor that this API did not hand out."""


@dataclass(frozen=True)
class QueueFilter:
    """What staff narrow the queue by; None means any."""

    statuses: tuple[CaseStatus, ...] | None = None
    priority: CasePriority | None = None
    category: CaseCategory | None = None
    language: Language | None = None
    channel: Channel | None = None
    assignee_id: int | None = None
    unassigned: bool = False
    # Words (accents and case do not matter), a reference or a phone number in any form.
    search: CaseSearch | None = None
    # Threads where the citizen wrote after the team's last reply.
    waiting_for_us: bool = False


def encode_cursor(case: Case) -> str:
    """An opaque cursor after this case."""
    raw = f"{case.priority_rank}|{case.created_at.isoformat()}|{case.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, datetime, int]:
    """The position a cursor stands for."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        rank, created, case_id = raw.split("|")
        position = int(rank), datetime.fromisoformat(created), int(case_id)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadCursor("invalid cursor") from None
    # Numbers the database cannot hold (ids are 64-bit) or a time without its offset were not handed out here.
    if not (0 <= position[0] <= MAX_RANK and 0 < position[2] <= MAX_ID) or position[1].tzinfo is None:
        raise BadCursor("invalid cursor")
    return position


async def list_cases(
    session: AsyncSession, *, center_id: int, filters: QueueFilter, cursor: str | None, limit: int
) -> tuple[list[Case], str | None]:
    """One page of the queue, most urgent first, then oldest first; and the cursor of the next page."""
    statement = sa.select(Case).where(Case.center_id == center_id)
    if filters.priority is not None:
        statement = statement.where(Case.priority_rank == filters.priority.rank)
    if filters.statuses is not None:
        statement = statement.where(Case.status.in_(filters.statuses))
    for column, value in (
        (Case.category, filters.category),
        (Case.language, filters.language),
        (Case.channel, filters.channel),
        (Case.assignee_id, filters.assignee_id),
    ):
        if value is not None:
            statement = statement.where(column == value)
    if filters.unassigned:
        statement = statement.where(Case.assignee_id.is_(None))
    if filters.waiting_for_us:
        statement = statement.where(Case.citizen_replied_at.is_not(None))
    if filters.search is not None:
        statement = statement.where(_matches(center_id, filters.search))
    if cursor is not None:
        rank, created, case_id = decode_cursor(cursor)
        statement = statement.where(
            sa.tuple_(Case.priority_rank, Case.created_at, Case.id) > sa.tuple_(rank, created, case_id)
        )
    limit = max(1, min(limit, MAX_PAGE))
    statement = statement.order_by(Case.priority_rank, Case.created_at, Case.id).limit(limit + 1)
    rows = list((await session.scalars(statement)).all())
    next_cursor = encode_cursor(rows[limit - 1]) if len(rows) > limit else None
    return rows[:limit], next_cursor


def _matches(center_id: int, search: CaseSearch) -> sa.ColumnElement[bool]:
    """Cases whose summary or description holds the words, with this reference, or of this phone number."""
    escaped = search.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    conditions: list[sa.ColumnElement[bool]] = []
    if search.text:
        conditions.append(Case.search_text.like(f"%{escaped}%", escape="\\"))
    if search.reference is not None:
        conditions.append(Case.reference == search.reference)
    if search.phone is not None:
        of_number = sa.select(ChannelIdentity.citizen_id).where(
            ChannelIdentity.center_id == center_id, ChannelIdentity.address == search.phone
        )
        called_back = sa.select(Citizen.id).where(
            Citizen.center_id == center_id, Citizen.callback_phone == search.phone
        )
        conditions += [
            Case.contact_phone == search.phone,
            Case.citizen_id.in_(of_number),
            Case.citizen_id.in_(called_back),
        ]
    return sa.or_(*conditions) if conditions else sa.true()


async def read_queue(
    session: AsyncSession,
    *,
    staff: Staff,
    filters: QueueFilter,
    cursor: str | None,
    limit: int,
    now: datetime,
) -> tuple[list[Case], str | None]:
    """One page of the staff member's queue (see ``list_cases``); the audit log records the ids shown."""
    cases, next_cursor = await list_cases(
        session, center_id=staff.center_id, filters=filters, cursor=cursor, limit=limit
    )
    await record_audit(
        session, center_id=staff.center_id, actor=AuditActor.STAFF, staff_id=staff.id, action="case.list",
        object_type="case", object_id=None, now=now, details={"ids": [case.id for case in cases]},
    )  # fmt: skip
    return cases, next_cursor


async def get_case(session: AsyncSession, *, center_id: int, case_id: int) -> Case | None:
    """A case of this center, or None (another center's case is as good as absent)."""
    return await session.scalar(sa.select(Case).where(Case.id == case_id, Case.center_id == center_id))


async def read_case(session: AsyncSession, *, staff: Staff, case_id: int, now: datetime) -> Case | None:
    """A case of the staff member's center opened for reading (audited), or None."""
    case = await get_case(session, center_id=staff.center_id, case_id=case_id)
    if case is not None:
        if case.assignee_id == staff.id:
            mark_read(case)
        await record_audit(
            session, center_id=staff.center_id, actor=AuditActor.STAFF, staff_id=staff.id, action="case.read",
            object_type="case", object_id=case.id, now=now,
        )  # fmt: skip
    return case


@dataclass(frozen=True)
class TranscriptEntry:
    """One message between the citizen and the center."""

    at: datetime
    direction: str
    kind: str
    text: str | None
    status: str | None
    by_staff: bool
    error: str | None = None


# Outbound messages that did not reach the citizen: the transcript shows why.
NOT_DELIVERED = (OutboxStatus.FAILED, OutboxStatus.UNDELIVERED, OutboxStatus.CANCELLED)


async def transcript(
    session: AsyncSession, *, citizen_id: int | None, limit: int = 200
) -> list[TranscriptEntry]:
    """The latest messages with a citizen on all their channels, oldest first."""
    if citizen_id is None:
        return []
    identities = (
        await session.scalars(sa.select(ChannelIdentity).where(ChannelIdentity.citizen_id == citizen_id))
    ).all()
    if not identities:
        return []
    ids = [identity.id for identity in identities]
    inbound = (
        await session.scalars(
            sa.select(InboundMessage)
            .where(InboundMessage.identity_id.in_(ids))
            .order_by(InboundMessage.id.desc())
            .limit(limit)
        )
    ).all()
    outbound = (
        await session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.identity_id.in_(ids))
            .order_by(OutboxMessage.id.desc())
            .limit(limit)
        )
    ).all()
    # Replies sort right after the message that caused them, even when both carry the same instant.
    keyed = [
        (
            (row.received_at, row.id, 0, row.id),
            TranscriptEntry(row.received_at, "in", row.kind.value, row.text, None, False),
        )
        for row in inbound
    ] + [
        (
            (row.created_at, row.inbound_id if row.inbound_id is not None else 2**62, 1, row.id),
            TranscriptEntry(
                row.created_at,
                "out",
                "text",
                row.body,
                row.status.value,
                row.staff_id is not None,
                (row.last_error or row.status.value) if row.status in NOT_DELIVERED else None,
            ),
        )
        for row in outbound
    ]
    keyed.sort(key=lambda pair: pair[0])
    return [entry for _key, entry in keyed][-limit:]


async def previous_cases(session: AsyncSession, *, case: Case) -> list[Case]:
    """Other cases of the same citizen, newest first."""
    if case.citizen_id is None:
        return []
    rows = await session.scalars(
        sa.select(Case)
        .where(Case.citizen_id == case.citizen_id, Case.id != case.id, Case.center_id == case.center_id)
        .order_by(Case.created_at.desc())
        .limit(50)
    )
    return list(rows.all())


@dataclass(frozen=True)
class QueuePulse:
    """Counts of a center's queue (no personal data) and a stamp that changes whenever the queue does."""

    by_status: dict[CaseStatus, int]
    urgent_unclaimed: int
    waiting_for_us: int
    stamp: str


async def queue_pulse(session: AsyncSession, *, center_id: int) -> QueuePulse:
    """What the console polls: cheap aggregate counts, so polling needs neither rows nor audit entries."""
    by_status = {status: 0 for status in CaseStatus}
    rows = await session.execute(
        sa.select(Case.status, sa.func.count(), sa.func.max(Case.id), sa.func.max(Case.updated_at))
        .where(Case.center_id == center_id)
        .group_by(Case.status)
    )
    changes: list[str] = []
    for status, count, last_id, last_change in rows:
        by_status[status] = count
        changes.append(f"{status}:{count}:{last_id}:{last_change}")
    urgent, waiting, unread = (
        await session.execute(
            sa.select(
                sa.func.count().filter(Case.priority == CasePriority.URGENT, Case.assignee_id.is_(None)),
                sa.func.count().filter(Case.citizen_replied_at.is_not(None)),
                sa.func.coalesce(sa.func.sum(Case.unread), 0),
            ).where(Case.center_id == center_id, Case.status != CaseStatus.CLOSED)
        )
    ).one()
    changes.append(f"{urgent}:{waiting}:{unread}")
    return QueuePulse(by_status, urgent, waiting, "|".join(sorted(changes)))
