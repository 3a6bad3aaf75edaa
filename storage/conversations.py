"""Conversation state rows, read under a row lock so one citizen's messages are handled in order."""

from __future__ import annotations

import functools
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Conversation
from storage.upsert import insert_ignoring_conflict


async def lock_conversation(
    session: AsyncSession, *, center_id: int, identity_id: int, now: datetime
) -> Conversation:
    """The identity's conversation, created when missing, locked for this transaction (FOR UPDATE on PostgreSQL)."""
    statement = _locked_conversation()
    parameters = {"identity_id": identity_id}
    found = (await session.scalars(statement, parameters)).one_or_none()
    if found is not None:
        return found
    values = {
        "center_id": center_id,
        "identity_id": identity_id,
        "slots": {},
        "history": [],
        "pending_pages": [],
        "misses": 0,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    # Two first messages of one citizen in two processes: the unique key lets one insert, both then read it.
    await insert_ignoring_conflict(session, Conversation, values, ["identity_id"])
    return (await session.scalars(statement, parameters)).one()


@functools.cache
def _locked_conversation() -> sa.Select[Conversation]:
    # Built once, the identity bound at execution (it runs for every message answered).
    statement = sa.select(Conversation).where(Conversation.identity_id == sa.bindparam("identity_id"))
    return statement.with_for_update().execution_options(populate_existing=True)
