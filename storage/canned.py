"""A center's canned replies: its own wording of a built-in reply per language, replies of its own (audited)."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession

from storage.audit import record_audit
from storage.enums import AuditActor, Language
from storage.models import CannedReply, Staff

MAX_KEY = 40
MAX_TEXT = 1000
# A reply's name as admins type it: letters of any script, digits, spaces, "-" and "_".
_KEY = re.compile(rf"\w[\w -]{{0,{MAX_KEY - 1}}}")


class CannedReplyError(ValueError):
    """A canned reply cannot be saved as asked; ``code`` says why (key, used, text, greek)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def normalise_key(key: str) -> str:
    """A reply's name without surrounding or doubled spaces; refuses an empty or odd one."""
    key = " ".join(key.split())
    if not _KEY.fullmatch(key):
        raise CannedReplyError(
            "key", f"a canned reply's name has 1 to {MAX_KEY} letters, digits, spaces, - or _"
        )
    return key


def _clean_text(text: str) -> str:
    """The text as sent (without surrounding blanks), refused when empty or too long."""
    text = text.strip()
    if not text or len(text) > MAX_TEXT:
        raise CannedReplyError("text", f"a canned reply has 1 to {MAX_TEXT} characters")
    return text


async def list_center_texts(session: AsyncSession, *, center_id: int) -> list[CannedReply]:
    """Every text a center has written (overrides and its own replies), oldest first."""
    statement = sa.select(CannedReply).where(CannedReply.center_id == center_id).order_by(CannedReply.id)
    return list((await session.scalars(statement)).all())


async def _row(session: AsyncSession, *, center_id: int, key: str, language: Language) -> CannedReply | None:
    """The center's text of one reply in one language, if it wrote one."""
    return await session.scalar(
        sa.select(CannedReply).where(
            CannedReply.center_id == center_id, CannedReply.key == key, CannedReply.language == language
        )
    )


async def save_canned_text(
    session: AsyncSession, *, admin: Staff, key: str, language: Language, text: str, now: datetime,
    builtin_keys: Collection[str],
) -> CannedReply:  # fmt: skip
    """Set the center's text of a reply in one language: a built-in one's wording, or a reply of its own.

    A reply of the center's own starts with its Greek text; other languages follow.
    """
    key = key if key in builtin_keys else normalise_key(key)
    text = _clean_text(text)
    own = key not in builtin_keys
    needs_greek = own and language is not Language.EL
    if needs_greek and await _row(session, center_id=admin.center_id, key=key, language=Language.EL) is None:
        raise CannedReplyError("greek", "a reply of the center's own needs its Greek text first")
    row = await _row(session, center_id=admin.center_id, key=key, language=language)
    if row is None:
        row = CannedReply(center_id=admin.center_id, key=key, language=language, text=text)
        session.add(row)
    row.text, row.updated_by, row.updated_at = text, admin.id, now
    await session.flush()
    await record_audit(
        session, center_id=admin.center_id, actor=AuditActor.STAFF, staff_id=admin.id, action="canned_reply.save",
        object_type="canned_reply", object_id=row.id, now=now,
        details={"key": key, "language": language.value, "own": own},
    )  # fmt: skip
    return row


async def add_canned_reply(
    session: AsyncSession, *, admin: Staff, key: str, texts: Mapping[Language, str], now: datetime,
    builtin_keys: Collection[str],
) -> str:  # fmt: skip
    """A new reply of the center's own, with its Greek text and any others; refuses a name in use."""
    key = normalise_key(key)
    used = await session.scalar(
        sa.select(CannedReply.id)
        .where(CannedReply.center_id == admin.center_id, CannedReply.key == key)
        .limit(1)
    )
    if key in builtin_keys or used is not None:
        raise CannedReplyError("used", f"there is already a canned reply named {key!r}")
    if not texts.get(Language.EL, "").strip():
        raise CannedReplyError("greek", "a reply of the center's own needs its Greek text")
    ordered = sorted(texts.items(), key=lambda item: item[0] is not Language.EL)  # Greek first
    for language, text in ordered:
        if text.strip():
            await save_canned_text(
                session,
                admin=admin,
                key=key,
                language=language,
                text=text,
                now=now,
                builtin_keys=builtin_keys,
            )
    return key


async def revert_canned_text(
    session: AsyncSession, *, admin: Staff, key: str, language: Language, now: datetime,
    builtin_keys: Collection[str],
) -> bool:  # fmt: skip
    """Back to the built-in text in one language; a reply of the center's own loses that language.

    Without its Greek text a reply of the center's own is gone in every language. False when nothing changed.
    """
    own = key not in builtin_keys
    statement = sa.delete(CannedReply).where(CannedReply.center_id == admin.center_id, CannedReply.key == key)
    if not (own and language is Language.EL):
        statement = statement.where(CannedReply.language == language)
    removed = cast(CursorResult[tuple[()]], await session.execute(statement)).rowcount
    if not removed:
        return False
    await record_audit(
        session, center_id=admin.center_id, actor=AuditActor.STAFF, staff_id=admin.id,
        action="canned_reply.revert", object_type="canned_reply", object_id=None, now=now,
        details={"key": key, "language": language.value, "own": own, "removed": removed},
    )  # fmt: skip
    return True
