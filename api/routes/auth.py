"""Signing in and out: OAuth2 password form → opaque bearer token; a one-time link sets a password."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from fastapi.responses import HTMLResponse
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel, ConfigDict, Field

from api.deps import CurrentStaff, RuntimeDep, SessionDep, oauth2
from storage.credentials import redeem_invite
from storage.staff import MIN_PASSWORD_LENGTH
from storage.tokens import SignInRefused, SignInThrottled, revoke_token, sign_in

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
page_router = APIRouter(include_in_schema=False)


class TokenOut(BaseModel):
    """A bearer token for the ``Authorization`` header."""

    access_token: str
    token_type: str = "bearer"  # noqa: S105  (the OAuth2 token type, not a secret)
    expires_in: int


class SetPasswordIn(BaseModel):
    """The token of a set-password link and the password chosen."""

    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=20, max_length=200)
    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=200)


@router.post(
    "/token",
    summary="Sign in",
    responses={
        401: {"description": "Wrong e-mail or password"},
        429: {
            "description": "Too many failed sign-ins for this account or from this address; see Retry-After"
        },
    },
)
async def token(
    runtime: RuntimeDep,
    session: SessionDep,
    request: Request,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
) -> TokenOut:
    """Sign in with e-mail (``username``) and password; repeated failures are slowed, never answered differently."""
    ttl = timedelta(minutes=runtime.settings.token_ttl_minutes)
    try:
        issued = await sign_in(
            session, email=form.username, password=form.password, passwords=runtime.passwords,
            now=runtime.clock.now(), ttl=ttl, address=request.client.host if request.client else None,
        )  # fmt: skip
    except SignInThrottled as throttled:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            str(throttled),
            headers={"Retry-After": str(throttled.retry_after)},
        ) from None
    except SignInRefused as refused:
        # The failure counts must be saved even though the request fails.
        await session.commit()
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, str(refused), headers={"WWW-Authenticate": "Bearer"}
        ) from None
    return TokenOut(access_token=issued.token, expires_in=int(ttl.total_seconds()))


@router.post(
    "/logout", status_code=204, summary="Sign out", responses={401: {"description": "Not signed in"}}
)
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


@router.post(
    "/set-password",
    status_code=204,
    summary="Set a password with a one-time link",
    responses={400: {"description": "The link is unknown, used or expired"}},
)
async def set_password(runtime: RuntimeDep, session: SessionDep, body: SetPasswordIn) -> Response:
    """Choose one's password with the token of a set-password link (valid 72 hours, once); then sign in."""
    staff = await redeem_invite(
        session,
        token=body.token,
        password=body.password,
        passwords=runtime.passwords,
        now=runtime.clock.now(),
    )
    if staff is None:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "this link is unknown, used or expired")
    return Response(status_code=204)


# The token travels in the fragment (#…), which browsers never send: it reaches no server log.
LINK_PAGE = """<!doctype html><html lang="el"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Front Desk — κωδικός / password</title>
<style>body{font-family:sans-serif;max-width:28em;margin:3em auto;padding:0 1em}input,button{font-size:1em;
padding:.4em;width:100%;margin:.3em 0}</style>
<h1>Ορίστε κωδικό / Set your password</h1>
<form id="f"><label>Κωδικός (τουλάχιστον 10 χαρακτήρες) / Password (10 characters or more)
<input id="p" type="password" minlength="10" maxlength="200" autocomplete="new-password" required></label>
<button>Αποθήκευση / Save</button></form><p id="m" role="status"></p>
<script>
document.getElementById("f").addEventListener("submit", async (event) => {
  event.preventDefault();
  const answer = await fetch("/api/v1/auth/set-password", {method: "POST",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify({token: location.hash.slice(1), password: document.getElementById("p").value})});
  document.getElementById("m").textContent = answer.ok
    ? "Έτοιμο: συνδεθείτε με το e-mail σας. / Done: sign in with your e-mail."
    : "Ο σύνδεσμος δεν ισχύει πια: ζητήστε νέο. / This link no longer works: ask for a new one.";
});
</script></html>"""


@page_router.get("/set-password", response_class=HTMLResponse)
async def set_password_page() -> HTMLResponse:
    """The page a set-password link opens."""
    return HTMLResponse(LINK_PAGE, headers={"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"})
