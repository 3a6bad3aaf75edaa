"""Alerts about urgent cases nobody has claimed: which are due, one row per round, e-mails claimed once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.enums import CasePriority, CaseStatus
from storage.models import Case, CaseAlert
from storage.upsert import insert_ignoring_conflict

# The first alert is round 0; rounds 1 and 2 repeat it; from round 3 on the coordinator is told too.
ESCALATE_FROM_ROUND = 3
EMAIL_ATTEMPTS = 5
# An e-mail claimed by a run that then died is tried again after this long.
EMAIL_LEASE = timedelta(minutes=5)


def unclaimed_urgent(center_id: int) -> sa.ColumnElement[bool]:
    """Urgent cases of a center that nobody has taken: still new and without an assignee."""
    return sa.and_(
        Case.center_id == center_id,
        Case.priority_rank == CasePriority.URGENT.rank,
        Case.status == CaseStatus.NEW,
        Case.assignee_id.is_(None),
    )


async def list_unclaimed_urgent(session: AsyncSession, *, center_id: int, limit: int = 200) -> list[Case]:
    """Urgent cases nobody has claimed, oldest first."""
    rows = await session.scalars(
        sa.select(Case).where(unclaimed_urgent(center_id)).order_by(Case.created_at, Case.id).limit(limit)
    )
    return list(rows.all())


@dataclass(frozen=True)
class DueAlert:
    """A case whose next round of alerts is due."""

    case: Case
    round: int

    @property
    def escalated(self) -> bool:
        """True from the round after the second repeat: the coordinator is told too."""
        return self.round >= ESCALATE_FROM_ROUND


async def due_alerts(
    session: AsyncSession, *, center_id: int, now: datetime, repeat: timedelta
) -> list[DueAlert]:
    """Unclaimed urgent cases with no alert yet, or whose last round is ``repeat`` old."""
    last = (
        sa.select(CaseAlert.case_id, sa.func.max(CaseAlert.round).label("round"))
        .group_by(CaseAlert.case_id)
        .subquery()
    )
    rows = await session.execute(
        sa.select(Case, last.c.round, CaseAlert.created_at)
        .outerjoin(last, last.c.case_id == Case.id)
        .outerjoin(CaseAlert, sa.and_(CaseAlert.case_id == Case.id, CaseAlert.round == last.c.round))
        .where(unclaimed_urgent(center_id))
        .order_by(Case.created_at, Case.id)
    )
    due = []
    for case, round_, sent_at in rows.all():
        if round_ is None:
            due.append(DueAlert(case, 0))
        elif sent_at is not None and sent_at + repeat <= now:
            due.append(DueAlert(case, int(round_) + 1))
    return due


async def record_alert(
    session: AsyncSession, *, due: DueAlert, body: str, out_of_hours: bool, email: bool, now: datetime
) -> int | None:
    """Write down a round of alerts; None when another run already did (then it sends nothing)."""
    values = {
        "center_id": due.case.center_id,
        "case_id": due.case.id,
        "round": due.round,
        "escalated": due.escalated,
        "out_of_hours": out_of_hours,
        "body": body,
        "email_state": "pending" if email else "none",
        "email_attempts": 0,
        "created_at": now,
    }
    return await insert_ignoring_conflict(session, CaseAlert, values, ["case_id", "round"])


async def claim_alert_email(session: AsyncSession, *, now: datetime) -> CaseAlert | None:
    """The oldest alert whose e-mail waits, claimed for this run (one conditional update: exact on both engines)."""
    candidate = await session.scalar(
        sa.select(CaseAlert.id)
        .where(
            CaseAlert.email_state == "pending",
            sa.or_(CaseAlert.email_claimed_at.is_(None), CaseAlert.email_claimed_at < now - EMAIL_LEASE),
        )
        .order_by(CaseAlert.created_at, CaseAlert.id)
        .limit(1)
    )
    if candidate is None:
        return None
    claimed = await session.execute(
        sa.update(CaseAlert)
        .where(
            CaseAlert.id == candidate,
            CaseAlert.email_state == "pending",
            sa.or_(CaseAlert.email_claimed_at.is_(None), CaseAlert.email_claimed_at < now - EMAIL_LEASE),
        )
        .values(email_claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        return None
    return await session.get_one(CaseAlert, candidate, populate_existing=True)


async def record_alert_email(
    session: AsyncSession, *, alert_id: int, error: str | None, now: datetime
) -> None:
    """The outcome of sending an alert's e-mail: sent, or tried again later until the attempts run out."""
    alert = await session.get_one(CaseAlert, alert_id)
    alert.email_attempts += 1
    if error is None:
        alert.email_state, alert.email_error, alert.email_claimed_at = "sent", None, None
        return
    # The claim is kept: the next attempt waits for its lease to run out.
    alert.email_claimed_at = now
    alert.email_error = error[:200]
    if alert.email_attempts >= EMAIL_ATTEMPTS:
        alert.email_state = "failed"
