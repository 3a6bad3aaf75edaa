"""The signed-in staff member: who am I, and changing one's own password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Response, status
from pydantic import BaseModel, ConfigDict, Field

from api.deps import UNAUTHORIZED, CurrentStaff, RuntimeDep, SessionDep, oauth2
from api.routes.staff import StaffOut
from storage.centers import get_center
from storage.credentials import change_own_password
from storage.staff import MIN_PASSWORD_LENGTH, StaffError

router = APIRouter(prefix="/api/v1/me", tags=["me"], responses=UNAUTHORIZED)


class MeOut(StaffOut):
    """The signed-in staff member and their center."""

    center: str


class PasswordChange(BaseModel):
    """The current password and the new one."""

    model_config = ConfigDict(extra="forbid")

    current: str = Field(min_length=1, max_length=200)
    new: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=200)


@router.get("", summary="Who am I")
async def me(session: SessionDep, staff: CurrentStaff) -> MeOut:
    """Your account: e-mail, name, role and center."""
    center = await get_center(session, center_id=staff.center_id)
    return MeOut(**StaffOut.model_validate(staff).model_dump(), center=center.slug)


@router.post(
    "/password",
    status_code=204,
    summary="Change my password",
    responses={403: {"description": "The current password is not right"}},
)
async def change_password(
    runtime: RuntimeDep,
    session: SessionDep,
    staff: CurrentStaff,
    body: PasswordChange,
    bearer: Annotated[str | None, Depends(oauth2)],
) -> Response:
    """Replace your password; your other sessions end, this one goes on."""
    try:
        await change_own_password(
            session, staff=staff, current=body.current, new=body.new, passwords=runtime.passwords,
            now=runtime.clock.now(), keep_token=bearer,
        )  # fmt: skip
    except StaffError as error:
        raise HTTPException(status.HTTP_403_FORBIDDEN, str(error)) from None
    return Response(status_code=204)
