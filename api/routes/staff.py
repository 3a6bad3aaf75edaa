"""Staff accounts of your center: colleagues for everyone, accounts for administrators."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, ConfigDict, Field

from api.deps import UNAUTHORIZED, Admin, CurrentStaff, Id, RuntimeDep, SessionDep
from bot.canned import CANNED_REPLIES, canned_replies_for
from storage.canned import MAX_TEXT, CannedReplyError, revert_canned_text, save_canned_text
from storage.credentials import create_invite, invite_url
from storage.enums import Language, StaffRole
from storage.staff import (
    MIN_PASSWORD_LENGTH,
    StaffError,
    create_staff,
    get_colleague,
    list_staff,
    update_staff,
)

router = APIRouter(prefix="/api/v1/staff", tags=["staff"], responses=UNAUTHORIZED)


class StaffOut(BaseModel):
    """A colleague."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    full_name: str | None
    role: StaffRole
    active: bool
    created_at: datetime


class StaffIn(BaseModel):
    """A new account at your center (the center comes from the administrator).

    Leave ``password`` out: the answer carries a one-time link for the colleague to choose their own.
    """

    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=254)
    role: StaffRole
    password: str | None = Field(default=None, min_length=MIN_PASSWORD_LENGTH, max_length=200)
    full_name: str | None = Field(default=None, max_length=200)


class CreatedStaffOut(StaffOut):
    """A new account, with its set-password link when no password was given (shown once)."""

    set_password_url: str | None = Field(
        None, description="a one-time link, valid 72 hours, for the colleague to choose their password"
    )


class InviteOut(BaseModel):
    """A set-password link (shown once)."""

    set_password_url: str


class StaffUpdate(BaseModel):
    """Change a colleague's role or switch the account off."""

    model_config = ConfigDict(extra="forbid")

    role: StaffRole | None = None
    active: bool | None = None


@router.get("", summary="List colleagues")
async def colleagues(session: SessionDep, staff: CurrentStaff) -> list[StaffOut]:
    """Everyone at your center (to assign cases)."""
    return [StaffOut.model_validate(row) for row in await list_staff(session, center_id=staff.center_id)]


@router.post(
    "",
    summary="Create an account",
    status_code=201,
    responses={403: {"description": "Needs the admin role"}, 409: {"description": "E-mail in use"}},
)
async def add(runtime: RuntimeDep, session: SessionDep, admin: Admin, body: StaffIn) -> CreatedStaffOut:
    """Create an account at your center; without a password, a one-time link for the colleague to set theirs."""
    now = runtime.clock.now()
    try:
        created = await create_staff(
            session, center_id=admin.center_id, role=body.role, email=body.email, password=body.password,
            passwords=runtime.passwords, now=now, full_name=body.full_name, admin=admin,
        )  # fmt: skip
    except StaffError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from None
    url = None
    if body.password is None:
        url = link_url(runtime, await create_invite(session, staff=created, admin=admin, now=now))
    return CreatedStaffOut(**StaffOut.model_validate(created).model_dump(), set_password_url=url)


def link_url(runtime: RuntimeDep, token: str) -> str:
    """The set-password link of a token, at this service's public address."""
    return invite_url(runtime.settings.public_url, token)


@router.post(
    "/{staff_id}/invite",
    status_code=201,
    summary="New set-password link",
    responses={403: {"description": "Needs the admin role"}, 404: {"description": "No such colleague"}},
)
async def invite(runtime: RuntimeDep, session: SessionDep, admin: Admin, staff_id: Id) -> InviteOut:
    """A new one-time link for a colleague to set their password (lost link, forgotten password)."""
    target = await get_colleague(session, center_id=admin.center_id, staff_id=staff_id)
    if target is None or not target.active:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such colleague")
    token = await create_invite(session, staff=target, admin=admin, now=runtime.clock.now())
    return InviteOut(set_password_url=link_url(runtime, token))


@router.patch(
    "/{staff_id}",
    summary="Change a colleague's role or switch the account off",
    responses={403: {"description": "Needs the admin role"}, 404: {"description": "No such colleague"}},
)
async def change(
    runtime: RuntimeDep, session: SessionDep, admin: Admin, staff_id: Id, body: StaffUpdate
) -> StaffOut:
    """Change a colleague's role, or switch the account off (which also ends their sessions)."""
    target = await update_staff(
        session, admin=admin, staff_id=staff_id, now=runtime.clock.now(), role=body.role, active=body.active
    )
    if target is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such colleague")
    return StaffOut.model_validate(target)


canned_router = APIRouter(prefix="/api/v1/canned-replies", tags=["cases"], responses=UNAUTHORIZED)


class CannedReplyOut(BaseModel):
    """A ready-made reply in the requested language."""

    key: str
    text: str


@canned_router.get("", summary="Canned replies")
async def canned(
    session: SessionDep, staff: CurrentStaff, language: Language = Language.EL
) -> list[CannedReplyOut]:
    """Your center's ready-made replies in the citizen's language, to send as they are or edit first."""
    replies = await canned_replies_for(session, center_id=staff.center_id, language=language)
    return [CannedReplyOut(key=key, text=text) for key, text in replies.items()]


class CannedTextIn(BaseModel):
    """The center's text of a canned reply in one language."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT)


@canned_router.put(
    "/{key}/{language}",
    summary="Word a canned reply your center's way",
    responses={403: {"description": "Needs the admin role"}, 422: {"description": "Bad name or text"}},
)
async def set_canned(
    runtime: RuntimeDep, session: SessionDep, admin: Admin, key: str, language: Language, body: CannedTextIn
) -> CannedReplyOut:
    """Your center's text of a built-in reply in one language, or of a reply of its own (Greek first)."""
    try:
        row = await save_canned_text(
            session, admin=admin, key=key, language=language, text=body.text, now=runtime.clock.now(),
            builtin_keys=CANNED_REPLIES,
        )  # fmt: skip
    except CannedReplyError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from None
    return CannedReplyOut(key=row.key, text=row.text)


@canned_router.delete(
    "/{key}/{language}",
    status_code=204,
    summary="Back to the built-in text",
    responses={403: {"description": "Needs the admin role"}, 404: {"description": "No text of your center"}},
)
async def revert_canned(
    runtime: RuntimeDep, session: SessionDep, admin: Admin, key: str, language: Language
) -> None:
    """Drop your center's text in one language; a reply of its own without Greek is removed altogether."""
    reverted = await revert_canned_text(
        session, admin=admin, key=key, language=language, now=runtime.clock.now(), builtin_keys=CANNED_REPLIES
    )
    if not reverted:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, "your center has no text of this reply in this language"
        )
