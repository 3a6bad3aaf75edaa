"""Staff accounts of your center: colleagues for everyone, accounts for administrators."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, ConfigDict, Field

from api.deps import UNAUTHORIZED, Admin, CurrentStaff, Id, RuntimeDep, SessionDep
from bot.canned import canned_replies
from storage.enums import Language, StaffRole
from storage.staff import StaffError, create_staff, list_staff, update_staff

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
    """A new account at your center (the center comes from the administrator)."""

    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=254)
    role: StaffRole
    password: str = Field(min_length=10, max_length=200)
    full_name: str | None = Field(default=None, max_length=200)


class StaffUpdate(BaseModel):
    """Change a colleague's role or switch the account off."""

    model_config = ConfigDict(extra="forbid")

    role: StaffRole | None = None
    active: bool | None = None


@router.get("")
async def colleagues(session: SessionDep, staff: CurrentStaff) -> list[StaffOut]:
    """Everyone at your center (to assign cases)."""
    return [StaffOut.model_validate(row) for row in await list_staff(session, center_id=staff.center_id)]


@router.post(
    "",
    status_code=201,
    responses={403: {"description": "Needs the admin role"}, 409: {"description": "E-mail in use"}},
)
async def add(runtime: RuntimeDep, session: SessionDep, admin: Admin, body: StaffIn) -> StaffOut:
    """Create an account at your center."""
    try:
        created = await create_staff(
            session, center_id=admin.center_id, role=body.role, email=body.email, password=body.password,
            passwords=runtime.passwords, now=runtime.clock.now(), full_name=body.full_name, admin=admin,
        )  # fmt: skip
    except StaffError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from None
    return StaffOut.model_validate(created)


@router.patch(
    "/{staff_id}",
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


@canned_router.get("")
async def canned(staff: CurrentStaff, language: Language = Language.EL) -> list[CannedReplyOut]:
    """Ready-made replies in the citizen's language, to send as they are or edit first."""
    return [CannedReplyOut(key=key, text=text) for key, text in canned_replies(language.value).items()]
