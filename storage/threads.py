"""A case as a thread between a citizen and a person: open while the team waits on the citizen, or talks."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.enums import CaseStatus, ContactPreference
from storage.models import Case

# A thread nobody wrote in for this long closes; the citizen's next message meets the bot again.
THREAD_QUIET = timedelta(days=14)
# The citizen is told their message reached the team at most this often.
ACKNOWLEDGE_EVERY = timedelta(hours=1)


def opens_thread(contact_preference: ContactPreference | None) -> bool:
    """Tell whether a new case waits for the citizen's messages (they asked to be answered in the chat)."""
    return contact_preference is ContactPreference.CHAT


async def find_open_thread(session: AsyncSession, *, citizen_id: int, now: datetime) -> Case | None:
    """The citizen's case whose thread is open now, the most recently active first."""
    statement = (
        sa.select(Case)
        .where(
            Case.citizen_id == citizen_id,
            Case.thread_open_until > now,
            Case.status != CaseStatus.CLOSED,
        )
        .order_by(Case.updated_at.desc(), Case.id.desc())
        .limit(1)
    )
    return await session.scalar(statement)


def add_citizen_message(case: Case, *, now: datetime) -> bool:
    """Mark the case as answered by the citizen; True when an acknowledgement is due (at most hourly)."""
    if case.citizen_replied_at is None:
        case.citizen_replied_at = now
    case.unread += 1
    case.updated_at = now
    case.thread_open_until = now + THREAD_QUIET
    due = case.acknowledged_at is None or now - case.acknowledged_at >= ACKNOWLEDGE_EVERY
    if due:
        case.acknowledged_at = now
    return due


def mark_team_replied(case: Case, *, now: datetime) -> None:
    """The team answered: nothing waits for us any more, and the thread stays open for the citizen."""
    case.citizen_replied_at = None
    case.unread = 0
    case.thread_open_until = now + THREAD_QUIET


def mark_read(case: Case) -> None:
    """The assignee has seen the citizen's messages."""
    case.unread = 0


async def leave_threads(session: AsyncSession, *, citizen_id: int, now: datetime) -> None:
    """The citizen asked for the menu: their next free text goes to the bot, not to staff."""
    await session.execute(
        sa.update(Case)
        .where(Case.citizen_id == citizen_id, Case.thread_open_until > now)
        .values(thread_open_until=now)
    )
