"""Console sessions: the API's own staff tokens carried in an HttpOnly cookie, and CSRF checks on every form."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request, Response, status

from api.deps import RuntimeDep, SessionDep
from frontdesk.runtime import Runtime
from frontdesk.settings import Environment
from storage.enums import StaffRole
from storage.models import Staff
from storage.tokens import staff_for_token

SESSION_COOKIE = "fd_console"
LOGIN_COOKIE = "fd_login"  # a random value the sign-in form must echo (double submit), before any session
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_PROCESS_KEY = secrets.token_bytes(32)  # development without FRONTDESK_SECRET_KEY: valid until restart


@dataclass(frozen=True)
class SignedIn:
    """Who is signed in, as pages show it (a copy: it outlives the request's database session)."""

    id: int
    email: str
    full_name: str | None
    role: StaffRole


class LoginRequired(Exception):
    """No valid console session: the page answers with the sign-in page instead."""


def _key(runtime: Runtime) -> bytes:
    secret = runtime.settings.secret_key
    return secret.get_secret_value().encode() if secret else _PROCESS_KEY


def csrf_for(runtime: Runtime, value: str) -> str:
    """The CSRF token bound to a session (or sign-in) cookie: an HMAC, so nothing needs storing."""
    return hmac.new(_key(runtime), b"console-csrf:" + value.encode(), hashlib.sha256).hexdigest()


def secure_cookies(runtime: Runtime) -> bool:
    """Cookies are Secure everywhere but a development laptop."""
    return runtime.settings.env is not Environment.DEVELOPMENT


def set_cookie(runtime: Runtime, response: Response, name: str, value: str, *, max_age: int | None) -> None:
    """A console cookie: HttpOnly, SameSite=Lax, Secure outside development, for /console only."""
    response.set_cookie(
        name, value, max_age=max_age, path="/console", httponly=True, samesite="lax",
        secure=secure_cookies(runtime),
    )  # fmt: skip


def _same_origin(request: Request) -> bool:
    """The browser says the form came from this site (Origin, else Referer); absent both, refuse."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin:
        return False
    sent = urlsplit(origin)
    return f"{sent.scheme}://{sent.netloc}" == f"{request.url.scheme}://{request.url.netloc}"


async def submitted_csrf(request: Request) -> str:
    """The CSRF token of a request: htmx sends a header, a plain form a hidden field."""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


async def check_csrf(request: Request, runtime: RuntimeDep) -> None:
    """Refuse a state-changing request that did not come from a console page of this site (403)."""
    if request.method in SAFE_METHODS:
        return
    cookie = request.cookies.get(SESSION_COOKIE) or request.cookies.get(LOGIN_COOKIE) or ""
    expected = csrf_for(runtime, cookie) if cookie else None
    sent = await submitted_csrf(request)
    if not _same_origin(request) or expected is None or not hmac.compare_digest(sent, expected):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "the form expired or came from elsewhere; reload the page"
        )


async def console_staff(request: Request, runtime: RuntimeDep, session: SessionDep) -> Staff:
    """The staff member of the session cookie, or the sign-in page."""
    token = request.cookies.get(SESSION_COOKIE)
    staff = await staff_for_token(session, token=token, now=runtime.clock.now()) if token else None
    if staff is None:
        raise LoginRequired
    request.state.staff = SignedIn(staff.id, staff.email, staff.full_name, staff.role)
    request.state.csrf = csrf_for(runtime, token or "")
    return staff


ConsoleStaff = Annotated[Staff, Depends(console_staff)]


def console_role(role: StaffRole) -> object:
    """A dependency that lets through staff with at least ``role``; others get 403."""

    async def check(staff: ConsoleStaff) -> Staff:
        if not staff.role.includes(role):
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"needs the {role.value} role")
        return staff

    return Depends(check)


ConsoleCoordinator = Annotated[Staff, console_role(StaffRole.COORDINATOR)]
ConsoleAdmin = Annotated[Staff, console_role(StaffRole.ADMIN)]
