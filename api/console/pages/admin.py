"""Admin: the center's staff accounts (create with a set-password link, role, switch off), alert channels, canned replies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.console.pages.common import PageNotFound, console_router, see_other
from api.console.pages.try_bot import language_names
from api.console.session import ConsoleAdmin
from api.console.templating import language_of, render
from api.deps import Id, RuntimeDep, SessionDep
from bot.canned import canned_replies
from storage.centers import get_center
from storage.credentials import create_invite, invite_url
from storage.enums import Language, StaffRole
from storage.models import Staff
from storage.staff import StaffError, create_staff, get_colleague, list_staff, update_staff

router = console_router()


async def _page(
    request: Request, runtime: RuntimeDep, session: SessionDep, admin: Staff, *, language: Language | None = None,
    link: tuple[Staff, str] | None = None, error: str | None = None, form: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:  # fmt: skip
    """The admin page, with a set-password link shown once or a form's error."""
    center = await get_center(session, center_id=admin.center_id)
    spec = runtime.centers.by_slug(center.slug)
    canned_language = language or Language(language_of(request))
    context = {
        "members": await list_staff(session, center_id=admin.center_id),
        "roles": list(StaffRole),
        "alerts": spec.alerts if spec is not None else None,
        "languages": language_names(language_of(request)),
        "canned_language": canned_language.value,
        "canned": canned_replies(canned_language.value),
        "link": link,
        "error": error,
        "form": form or {},
    }
    return render(request, "admin.html", context, status_code=status_code)


@router.get("/admin", response_class=HTMLResponse)
async def admin_page(
    request: Request,
    runtime: RuntimeDep,
    session: SessionDep,
    admin: ConsoleAdmin,
    language: Language | None = None,
) -> HTMLResponse:
    """Accounts, alert channels and canned replies of the center."""
    return await _page(request, runtime, session, admin, language=language)


@router.post("/admin/staff", response_class=HTMLResponse)
async def add_staff(
    request: Request, runtime: RuntimeDep, session: SessionDep, admin: ConsoleAdmin,
    email: Annotated[str, Form(max_length=254)], role: Annotated[StaffRole, Form()],
    full_name: Annotated[str, Form(max_length=200)] = "",
) -> HTMLResponse:  # fmt: skip
    """A new account at the admin's center and its one-time set-password link (shown on this answer only)."""
    now = runtime.clock.now()
    try:
        created = await create_staff(
            session, center_id=admin.center_id, role=role, email=email, password=None,
            passwords=runtime.passwords, now=now, full_name=full_name.strip() or None, admin=admin,
        )  # fmt: skip
    except StaffError:
        form = {"email": email, "full_name": full_name, "role": role.value}
        return await _page(request, runtime, session, admin, error="email", form=form, status_code=400)
    token = await create_invite(session, staff=created, admin=admin, now=now)
    # Shown in the answer itself, never in a redirect's address, so the token reaches no log or history.
    link = (created, invite_url(runtime.settings.public_url, token))
    return await _page(request, runtime, session, admin, link=link)


@router.post("/admin/staff/{staff_id}/invite", response_class=HTMLResponse)
async def invite(
    request: Request, runtime: RuntimeDep, session: SessionDep, admin: ConsoleAdmin, staff_id: Id
) -> HTMLResponse:
    """A new set-password link for a colleague (lost link, forgotten password); earlier links stop working."""
    target = await get_colleague(session, center_id=admin.center_id, staff_id=staff_id)
    if target is None or not target.active:
        raise PageNotFound
    token = await create_invite(session, staff=target, admin=admin, now=runtime.clock.now())
    link = (target, invite_url(runtime.settings.public_url, token))
    return await _page(request, runtime, session, admin, link=link)


@router.post("/admin/staff/{staff_id}")
async def change_staff(
    runtime: RuntimeDep, session: SessionDep, admin: ConsoleAdmin, staff_id: Id,
    role: Annotated[StaffRole | None, Form()] = None,
    active: Annotated[bool | None, Form()] = None,
) -> RedirectResponse:  # fmt: skip
    """Change a colleague's role, or switch the account off or on again (audited, as in the API)."""
    changed = await update_staff(
        session, admin=admin, staff_id=staff_id, now=runtime.clock.now(), role=role, active=active
    )
    if changed is None:
        raise PageNotFound
    return see_other(f"/console/admin#staff-{staff_id}")
