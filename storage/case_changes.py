"""What staff do to a case: status, priority, assignee, notes, referrals. Every change is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.audit import record_audit
from storage.centers import get_center
from storage.enums import AuditActor, CasePriority, CaseStatus, ConsentHow, ReferralStatus
from storage.models import Case, CaseNote, Center, Referral, Staff
from storage.sla import answer_due


class CaseChangeError(ValueError):
    """A change that the case's state does not allow; the message is safe to show."""


class ReferralMoveRefused(CaseChangeError):
    """A referral's status may only move forward: sent → accepted or rejected → done."""


# sent → accepted / rejected → done; a step may be skipped, never taken back.
REFERRAL_STEPS = {
    ReferralStatus.SENT: 0,
    ReferralStatus.ACCEPTED: 1,
    ReferralStatus.REJECTED: 1,
    ReferralStatus.DONE: 2,
}


async def change_case(
    session: AsyncSession,
    *,
    case: Case,
    staff: Staff,
    now: datetime,
    status: CaseStatus | None = None,
    priority: CasePriority | None = None,
    assignee_id: int | None = None,
    unassign: bool = False,
) -> Case:
    """Change status, priority or assignee (only to staff of the same center)."""
    changes: dict[str, Any] = {}
    if assignee_id is not None:
        assignee = await session.get(Staff, assignee_id)
        if assignee is None or assignee.center_id != case.center_id or not assignee.active:
            raise CaseChangeError("no such staff member at this center")
        case.assignee_id = assignee_id
        changes["assignee_id"] = assignee_id
    elif unassign:
        case.assignee_id = None
        changes["assignee_id"] = None
    if priority is not None and priority is not case.priority:
        case.priority, case.priority_rank = priority, priority.rank
        # The answer target follows the priority (an urgent case is due at once).
        case.due_at = answer_due(
            await get_center(session, center_id=case.center_id), priority, case.created_at
        )
        changes["priority"] = priority.value
    if status is not None and status is not case.status:
        case.status = status
        case.closed_at = now if status is CaseStatus.CLOSED else None
        case.closed_by_id = staff.id if status is CaseStatus.CLOSED else None
        case.closed_reason = None
        if status is CaseStatus.CLOSED:
            case.thread_open_until = None  # a closed case no longer takes the citizen's messages
        changes["status"] = status.value
    if changes:
        case.updated_at = now
        await record_audit(
            session, center_id=case.center_id, actor=AuditActor.STAFF, staff_id=staff.id, action="case.update",
            object_type="case", object_id=case.id, now=now, details=changes,
        )  # fmt: skip
    return case


async def claim_case(session: AsyncSession, *, case: Case, staff: Staff, now: datetime) -> Case:
    """Take a case: it is assigned to the staff member and, if new, in progress."""
    new_status = CaseStatus.IN_PROGRESS if case.status is CaseStatus.NEW else None
    return await change_case(
        session, case=case, staff=staff, now=now, assignee_id=staff.id, status=new_status
    )


async def add_note(session: AsyncSession, *, case: Case, staff: Staff, body: str, now: datetime) -> CaseNote:
    """A private note on a case."""
    note = CaseNote(case_id=case.id, author_id=staff.id, body=body, created_at=now)
    session.add(note)
    case.updated_at = now
    await session.flush()
    await record_audit(
        session, center_id=case.center_id, actor=AuditActor.STAFF, staff_id=staff.id, action="case.note",
        object_type="case", object_id=case.id, now=now, details={"note_id": note.id},
    )  # fmt: skip
    return note


async def list_notes(session: AsyncSession, *, case_id: int) -> list[CaseNote]:
    """A case's notes, oldest first."""
    return list(
        (
            await session.scalars(
                sa.select(CaseNote).where(CaseNote.case_id == case_id).order_by(CaseNote.id)
            )
        ).all()
    )


async def refer(
    session: AsyncSession,
    *,
    case: Case,
    staff: Staff,
    agency: str,
    reason: str,
    now: datetime,
    agency_detail: str | None = None,
) -> Referral:
    """Refer a case to another agency; refused without the citizen's consent to share."""
    if not case.consent_share:
        raise CaseChangeError("the citizen has not agreed to share this request with other services")
    referral = Referral(
        center_id=case.center_id,
        case_id=case.id,
        agency=agency,
        agency_detail=agency_detail,
        reason=reason,
        consent_snapshot={
            "consent_share": True,
            "consent_at": case.consent_at.isoformat() if case.consent_at else None,
            "consent_how": case.consent_how.value if case.consent_how else None,
            "consent_by_id": case.consent_by_id,
        },
        status=ReferralStatus.SENT,
        created_by=staff.id,
        created_at=now,
        updated_at=now,
    )
    session.add(referral)
    case.status, case.updated_at = CaseStatus.REFERRED, now
    await session.flush()
    await record_audit(
        session, center_id=case.center_id, actor=AuditActor.STAFF, staff_id=staff.id, action="case.refer",
        object_type="case", object_id=case.id, now=now, details={"referral_id": referral.id, "agency": agency},
    )  # fmt: skip
    return referral


async def update_referral(
    session: AsyncSession,
    *,
    referral: Referral,
    staff: Staff,
    status: ReferralStatus,
    now: datetime,
    outcome: str | None = None,
    outcome_reason: str | None = None,
) -> Referral:
    """Record what became of a referral (forward only); an unsuccessful one needs its reason."""
    if status is not referral.status and REFERRAL_STEPS[status] <= REFERRAL_STEPS[referral.status]:
        raise ReferralMoveRefused(f"a {referral.status.value} referral cannot become {status.value}")
    if status is ReferralStatus.REJECTED and not (outcome_reason or referral.outcome_reason):
        raise CaseChangeError("a rejected referral needs the reason")
    referral.status, referral.updated_at = status, now
    if outcome is not None:
        referral.outcome = outcome
    if outcome_reason is not None:
        referral.outcome_reason = outcome_reason
    await record_audit(
        session, center_id=referral.center_id, actor=AuditActor.STAFF, staff_id=staff.id, action="referral.update",
        object_type="referral", object_id=referral.id, now=now, details={"status": status.value},
    )  # fmt: skip
    return referral


async def record_consent(
    session: AsyncSession,
    *,
    case: Case,
    staff: Staff,
    how: ConsentHow,
    now: datetime,
    note: str | None = None,
) -> Case:
    """The citizen agreed, on the phone or in person, to their request being shared: who recorded it, when, how."""
    case.consent_share, case.consent_at, case.consent_how = True, now, how
    case.consent_by_id, case.consent_note, case.updated_at = staff.id, note, now
    await record_audit(
        session, center_id=case.center_id, actor=AuditActor.STAFF, staff_id=staff.id, action="case.consent",
        object_type="case", object_id=case.id, now=now, details={"how": how.value},
    )  # fmt: skip
    return case


async def list_referrals(session: AsyncSession, *, case_id: int) -> list[Referral]:
    """A case's referrals, oldest first."""
    return list(
        (
            await session.scalars(
                sa.select(Referral).where(Referral.case_id == case_id).order_by(Referral.id)
            )
        ).all()
    )


async def get_referral(session: AsyncSession, *, center_id: int, referral_id: int) -> Referral | None:
    """A referral of this center, or None (another center's referral is as good as absent)."""
    return await session.scalar(
        sa.select(Referral).where(Referral.id == referral_id, Referral.center_id == center_id)
    )


async def get_referral_case(session: AsyncSession, *, referral: Referral) -> Case:
    """The case a referral belongs to."""
    return await session.get_one(Case, referral.case_id)


@dataclass(frozen=True)
class ReferralSlip:
    """What a printed referral slip shows: the referral, its case and the referring center."""

    referral: Referral
    case: Case
    center: Center


async def read_referral_slip(
    session: AsyncSession, *, staff: Staff, referral_id: int, now: datetime
) -> ReferralSlip | None:
    """The slip of a referral of the staff member's center (its printing is audited), or None."""
    referral = await get_referral(session, center_id=staff.center_id, referral_id=referral_id)
    if referral is None:
        return None
    case = await get_referral_case(session, referral=referral)
    center = await get_center(session, center_id=referral.center_id)
    await record_audit(
        session, center_id=center.id, actor=AuditActor.STAFF, staff_id=staff.id, action="referral.slip",
        object_type="referral", object_id=referral.id, now=now,
    )  # fmt: skip
    return ReferralSlip(referral, case, center)
