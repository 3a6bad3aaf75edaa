"""Signing in and out of the console, and switching its language."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.console.i18n import LANGUAGES
from api.console.pages.common import console_router, see_other
from api.console.session import LOGIN_COOKIE, SESSION_COOKIE, csrf_for, set_cookie
from api.console.templating import LANG_COOKIE, render
from api.deps import RuntimeDep, SessionDep
from storage.tokens import SignInRefused, SignInThrottled, revoke_token, sign_in

router = console_router()
YEAR = 365 * 24 * 3600


def _login_page(
    request: Request, runtime: RuntimeDep, error: str | None, *, status_code: int = 200, retry_after: int = 0
) -> HTMLResponse:
    """The sign-in form with a fresh double-submit value."""
    value = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
    context = {"csrf": csrf_for(runtime, value), "error": error, "retry_after": retry_after}
    response = render(request, "login.html", context, status_code=status_code)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    set_cookie(runtime, response, LOGIN_COOKIE, value, max_age=3600)
    return response


@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request, runtime: RuntimeDep) -> HTMLResponse:
    """The sign-in page."""
    return _login_page(request, runtime, None)


@router.post("/login", response_model=None)
async def login(
    request: Request,
    runtime: RuntimeDep,
    session: SessionDep,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=200)],
) -> Response:
    """Sign in with the API's accounts, throttling and lock-out; the session is a staff token in a cookie."""
    ttl = timedelta(minutes=runtime.settings.token_ttl_minutes)
    try:
        issued = await sign_in(
            session, email=email, password=password, passwords=runtime.passwords, now=runtime.clock.now(),
            ttl=ttl, address=request.client.host if request.client else None,
        )  # fmt: skip
    except SignInThrottled as throttled:
        return _login_page(request, runtime, "throttled", status_code=429, retry_after=throttled.retry_after)
    except SignInRefused:
        await session.commit()  # the failure counts are kept although the sign-in fails
        return _login_page(request, runtime, "refused", status_code=401)
    response = see_other("/console/queue")
    set_cookie(runtime, response, SESSION_COOKIE, issued.token, max_age=int(ttl.total_seconds()))
    response.delete_cookie(LOGIN_COOKIE, path="/console")
    return response


@router.post("/logout")
async def logout(request: Request, runtime: RuntimeDep, session: SessionDep) -> RedirectResponse:
    """End the session: the token is revoked, the cookie dropped."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await revoke_token(session, token=token, now=runtime.clock.now())
    response = see_other("/console/login")
    response.delete_cookie(SESSION_COOKIE, path="/console")
    return response


@router.post("/language")
async def language(
    request: Request, runtime: RuntimeDep, lang: Annotated[str, Form(max_length=5)]
) -> RedirectResponse:
    """Switch the console's language; back to the page it was switched on."""
    came_from = urlsplit(request.headers.get("referer", ""))
    same_site = came_from.netloc == request.url.netloc and came_from.path.startswith("/console/")
    response = see_other(came_from.path if same_site else "/console/queue")
    if lang in LANGUAGES:
        set_cookie(runtime, response, LANG_COOKIE, lang, max_age=YEAR)
    return response
