"""FastAPI dependencies: the runtime, a session per request, the signed-in staff member and role checks."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Path, Request, status
from fastapi.security import OAuth2PasswordBearer
from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession

from frontdesk.runtime import Runtime
from storage.enums import StaffRole
from storage.models import Staff
from storage.tokens import staff_for_token

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def get_runtime(request: Request) -> Runtime:
    """The process's runtime."""
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def get_session(runtime: RuntimeDep) -> AsyncIterator[AsyncSession]:
    """One transaction per request, committed when the handler returns without error."""
    async with runtime.sessions.begin() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


async def get_current_staff(
    runtime: RuntimeDep, session: SessionDep, token: Annotated[str | None, Depends(oauth2)]
) -> Staff:
    """The staff member of a valid bearer token, or 401."""
    staff = await staff_for_token(session, token=token, now=runtime.clock.now()) if token else None
    if staff is None:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="missing, expired or revoked token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return staff


CurrentStaff = Annotated[Staff, Depends(get_current_staff)]


def require(role: StaffRole) -> Callable[[Staff], Coroutine[Any, Any, Staff]]:
    """A dependency that lets through staff with at least ``role``; others get 403."""

    async def check(staff: CurrentStaff) -> Staff:
        if not staff.role.includes(role):
            raise HTTPException(status_code=status.HTTP_403_FORBIDDEN, detail=f"needs the {role.value} role")
        return staff

    return check


Coordinator = Annotated[Staff, Depends(require(StaffRole.COORDINATOR))]
Admin = Annotated[Staff, Depends(require(StaffRole.ADMIN))]

# Every authenticated router documents the answer to a missing or bad token.
UNAUTHORIZED: dict[int | str, dict[str, Any]] = {401: {"description": "Missing, expired or revoked token"}}

# Database ids are 64-bit: a larger number is a 422, not a crash in the driver.
MAX_ID = 2**63 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
# The same bound for an id in a request body.
BodyId = Annotated[int, Field(ge=1, le=MAX_ID)]
