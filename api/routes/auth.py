"""Signing in and out: OAuth2 password form → opaque bearer token."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Response, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from api.deps import CurrentStaff, RuntimeDep, SessionDep, oauth2
from storage.tokens import SignInRefused, revoke_token, sign_in

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


class TokenOut(BaseModel):
    """A bearer token for the ``Authorization`` header."""

    access_token: str
    token_type: str = "bearer"  # noqa: S105  (the OAuth2 token type, not a secret)
    expires_in: int


@router.post("/token", responses={401: {"description": "Wrong e-mail or password, or the account is locked"}})
async def token(
    runtime: RuntimeDep, session: SessionDep, form: Annotated[OAuth2PasswordRequestForm, Depends()]
) -> TokenOut:
    """Sign in with e-mail (``username``) and password; six wrong passwords lock the account for 15 minutes."""
    ttl = timedelta(minutes=runtime.settings.token_ttl_minutes)
    try:
        issued = await sign_in(
            session, email=form.username, password=form.password, passwords=runtime.passwords,
            now=runtime.clock.now(), ttl=ttl,
        )  # fmt: skip
    except SignInRefused as refused:
        # The failed-login counter must be saved even though the request fails.
        await session.commit()
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, str(refused), headers={"WWW-Authenticate": "Bearer"}
        ) from None
    return TokenOut(access_token=issued.token, expires_in=int(ttl.total_seconds()))


@router.post("/logout", status_code=204, responses={401: {"description": "Not signed in"}})
async def logout(
    runtime: RuntimeDep,
    session: SessionDep,
    staff: CurrentStaff,
    bearer: Annotated[str | None, Depends(oauth2)],
) -> Response:
    """Revoke the token used for this request."""
    assert bearer is not None
    await revoke_token(session, token=bearer, now=runtime.clock.now())
    return Response(status_code=204)
