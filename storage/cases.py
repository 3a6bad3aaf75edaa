"""Cases: opening them with a short reference, the queue position, attachments."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.audit import record_audit
from storage.enums import (
    AuditActor,
    CaseCategory,
    CasePriority,
    CaseSource,
    CaseStatus,
    Channel,
    ConsentHow,
    ContactPreference,
    ForWhom,
    Language,
)
from storage.models import Case, CaseAttachment, Center, WebhookDelivery
from storage.search import search_text_of
from storage.sla import answer_due
from storage.threads import THREAD_QUIET, opens_thread

# Crockford-style alphabet without 0/O, 1/I/L, U: easy to read out on the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_PREFIX = "KK-"
OPEN_STATUSES = (CaseStatus.NEW, CaseStatus.IN_PROGRESS, CaseStatus.WAITING)
# How long after a request photos and documents are still attached to it.
ATTACH_WINDOW = timedelta(hours=24)


def new_reference() -> str:
    """A short case reference such as KK-7F3Q."""
    return REFERENCE_PREFIX + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(4))


@dataclass(frozen=True)
class NewCase:
    """What a citizen's conversation knows when it opens a case."""

    category: CaseCategory
    priority: CasePriority
    source: CaseSource
    summary: str
    description: str | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    for_whom: ForWhom | None = None
    contact_preference: ContactPreference | None = None
    contact_phone: str | None = None
    consent_share: bool = False


async def open_case(
    session: AsyncSession,
    *,
    center_id: int,
    citizen_id: int,
    identity_id: int,
    channel: Channel,
    language: Language,
    new: NewCase,
    now: datetime,
    reference_factory: Callable[[], str] = new_reference,
) -> Case:
    """Open a case for a citizen with a fresh reference, due by the center's target; the audit log records it."""
    center = await session.get_one(Center, center_id)
    for _ in range(8):
        case = Case(
            center_id=center_id,
            reference=reference_factory(),
            citizen_id=citizen_id,
            identity_id=identity_id,
            channel=channel,
            language=language,
            category=new.category,
            priority=new.priority,
            priority_rank=new.priority.rank,
            status=CaseStatus.NEW,
            source=new.source,
            summary=new.summary[:300],
            description=new.description,
            search_text=search_text_of(new.summary[:300], new.description),
            answers=new.answers,
            for_whom=new.for_whom,
            contact_preference=new.contact_preference,
            contact_phone=new.contact_phone,
            consent_share=new.consent_share,
            consent_at=now if new.consent_share else None,
            consent_how=ConsentHow.CHAT if new.consent_share else None,
            due_at=answer_due(center, new.priority, now),
            thread_open_until=now + THREAD_QUIET if opens_thread(new.contact_preference) else None,
            created_at=now,
            updated_at=now,
        )
        try:
            async with session.begin_nested():
                session.add(case)
        except IntegrityError:
            continue  # 30^4 references: a collision is rare, so try another.
        await _announce(session, case=case, now=now)
        await record_audit(
            session,
            center_id=center_id,
            actor=AuditActor.CITIZEN,
            action="case.open",
            object_type="case",
            object_id=case.id,
            now=now,
            details={"source": new.source.value, "priority": new.priority.value},
        )
        return case
    raise RuntimeError("could not find a free case reference")


async def _announce(session: AsyncSession, *, case: Case, now: datetime) -> None:
    """Queue the signed announcement of a new case for a center that asked for one (no personal data in it)."""
    center = await session.get_one(Center, case.center_id)
    if center.case_webhook_url is None:
        return
    payload = {
        "event": "case.created",
        "center": center.slug,
        "case": {
            "id": case.id,
            "reference": case.reference,
            "category": case.category.value,
            "priority": case.priority.value,
            "source": case.source.value,
            "language": case.language.value,
            "channel": case.channel.value,
            "created_at": case.created_at.isoformat(),
        },
    }
    session.add(
        WebhookDelivery(
            center_id=case.center_id,
            case_id=case.id,
            event="case.created",
            payload=payload,
            next_attempt_at=now,
            created_at=now,
        )
    )
    await session.flush()


async def count_open_cases_ahead(session: AsyncSession, *, center_id: int, case: Case) -> int:
    """How many open cases of the center come before this one in the queue."""
    statement = sa.select(sa.func.count()).where(
        Case.center_id == center_id,
        Case.status.in_(OPEN_STATUSES),
        Case.id != case.id,
        sa.or_(
            Case.priority_rank < case.priority_rank,
            sa.and_(Case.priority_rank == case.priority_rank, Case.created_at <= case.created_at),
        ),
    )
    return int(await session.scalar(statement) or 0)


async def find_recent_open_case(
    session: AsyncSession, *, citizen_id: int, now: datetime, sources: tuple[CaseSource, ...]
) -> Case | None:
    """The citizen's latest open case of these sources opened within the attachment window."""
    statement = (
        sa.select(Case)
        .where(
            Case.citizen_id == citizen_id,
            Case.status.in_(OPEN_STATUSES),
            Case.source.in_(sources),
            Case.created_at >= now - ATTACH_WINDOW,
        )
        .order_by(Case.created_at.desc())
        .limit(1)
    )
    return await session.scalar(statement)


async def list_attachments(session: AsyncSession, *, case_id: int) -> list[CaseAttachment]:
    """The photos and documents attached to a case."""
    rows = await session.scalars(sa.select(CaseAttachment).where(CaseAttachment.case_id == case_id))
    return list(rows.all())


async def read_attachment(
    session: AsyncSession, *, case: Case, number: int, staff_id: int, now: datetime
) -> CaseAttachment | None:
    """The case's ``number``-th attachment (from 1, oldest first), its download audited; None if absent."""
    rows = await session.scalars(
        sa.select(CaseAttachment).where(CaseAttachment.case_id == case.id).order_by(CaseAttachment.id)
    )
    attachments = list(rows.all())
    if not 1 <= number <= len(attachments):
        return None
    attachment = attachments[number - 1]
    await record_audit(
        session, center_id=case.center_id, actor=AuditActor.STAFF, staff_id=staff_id,
        action="case.attachment", object_type="case", object_id=case.id, now=now,
        details={"attachment_id": attachment.id},
    )  # fmt: skip
    return attachment


async def attach_file(
    session: AsyncSession,
    *,
    case: Case,
    inbound_id: int,
    kind: str,
    provider_file_id: str,
    now: datetime,
    file_name: str | None = None,
    mime_type: str | None = None,
    size_bytes: int | None = None,
) -> CaseAttachment:
    """Attach a photo or document the citizen sent to a case."""
    attachment = CaseAttachment(
        case_id=case.id,
        inbound_id=inbound_id,
        kind=kind,
        provider_file_id=provider_file_id,
        file_name=file_name,
        mime_type=mime_type,
        size_bytes=size_bytes,
        created_at=now,
    )
    session.add(attachment)
    case.updated_at = now
    await session.flush()
    return attachment
