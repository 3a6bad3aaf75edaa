"""Admin: the center's staff accounts (set-password links, roles, switching off), alert channels, canned replies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.console.labels import N_
from api.console.pages.common import PageNotFound, console_router, see_other
from api.console.pages.try_bot import language_names
from api.console.session import ConsoleAdmin
from api.console.templating import language_of, render
from api.deps import Id, RuntimeDep, SessionDep
from bot.canned import CANNED_REPLIES, canned_entries
from bot.channels.sms.segments import count_segments
from storage.canned import (
    MAX_KEY,
    MAX_TEXT,
    CannedReplyError,
    add_canned_reply,
    revert_canned_text,
    save_canned_text,
)
from storage.centers import get_center
from storage.credentials import create_invite, invite_url
from storage.enums import Channel, Language, StaffRole
from storage.models import Staff
from storage.staff import StaffError, create_staff, get_colleague, list_staff, update_staff

router = console_router()
# The built-in replies as admins know them (a center's own replies go by the name it gave them).
CANNED_TITLES = {
    "received": N_("Request received"),
    "call_failed": N_("We could not reach you by phone"),
    "bring_documents": N_("Documents to bring"),
    "application_submitted": N_("Application submitted"),
    "referred": N_("Passed to another service"),
    "closed": N_("Request closed"),
}


def sms_count(text: str) -> dict[str, object] | None:
    """What a canned reply costs as one SMS conversation message (shown as the case page shows a reply's)."""
    if not text.strip():
        return None
    info = count_segments(text.strip())
    return {"segments": info.segments, "encoding": info.encoding, "chars": len(text.strip())}


async def _page(
    request: Request, runtime: RuntimeDep, session: SessionDep, admin: Staff, *, language: Language | None = None,
    link: tuple[Staff, str] | None = None, error: str | None = None, form: dict[str, str] | None = None,
    canned_error: str | None = None, status_code: int = 200,
) -> HTMLResponse:  # fmt: skip
    """The admin page, with a set-password link shown once or a form's error."""
    center = await get_center(session, center_id=admin.center_id)
    spec = runtime.centers.by_slug(center.slug)
    canned_language = language or Language(language_of(request))
    entries = await canned_entries(session, center_id=admin.center_id, language=canned_language)
    context = {
        "members": await list_staff(session, center_id=admin.center_id),
        "roles": list(StaffRole),
        "alerts": spec.alerts if spec is not None else None,
        "languages": language_names(language_of(request)),
        "canned_language": canned_language.value,
        "canned": entries,
        "canned_titles": CANNED_TITLES,
        "counts": [sms_count(entry.text) for entry in entries],
        "sms": Channel.SMS,
        "canned_error": canned_error,
        "max_key": MAX_KEY,
        "max_text": MAX_TEXT,
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


@router.post("/admin/canned/segments", response_class=HTMLResponse)
async def canned_segments(
    request: Request, admin: ConsoleAdmin, text: Annotated[str, Form(max_length=MAX_TEXT)] = ""
) -> HTMLResponse:
    """How many SMS a canned reply's text typed so far takes."""
    return render(request, "_segments.html", {"count": sms_count(text), "channel": Channel.SMS})


def _canned_url(language: Language) -> str:
    """The canned replies of the admin page in the language being edited."""
    return f"/console/admin?language={language.value}#canned-h"


@router.post("/admin/canned", response_class=HTMLResponse, response_model=None)
async def save_canned(
    request: Request, runtime: RuntimeDep, session: SessionDep, admin: ConsoleAdmin,
    key: Annotated[str, Form(max_length=100)], language: Annotated[Language, Form()],
    text: Annotated[str, Form(max_length=MAX_TEXT)] = "",
) -> HTMLResponse | RedirectResponse:  # fmt: skip
    """The center's wording of a canned reply in one language (audited, as in the API)."""
    try:
        await save_canned_text(
            session, admin=admin, key=key, language=language, text=text, now=runtime.clock.now(),
            builtin_keys=CANNED_REPLIES,
        )  # fmt: skip
    except CannedReplyError as error:
        return await _page(
            request, runtime, session, admin, language=language, canned_error=error.code, status_code=400
        )
    return see_other(_canned_url(language))


@router.post("/admin/canned/revert")
async def revert_canned(
    runtime: RuntimeDep, session: SessionDep, admin: ConsoleAdmin,
    key: Annotated[str, Form(max_length=100)], language: Annotated[Language, Form()],
) -> RedirectResponse:  # fmt: skip
    """Back to the built-in text in one language, or a reply of the center's own removed."""
    reverted = await revert_canned_text(
        session, admin=admin, key=key, language=language, now=runtime.clock.now(), builtin_keys=CANNED_REPLIES
    )
    if not reverted:
        raise PageNotFound
    return see_other(_canned_url(language))


@router.post("/admin/canned/new", response_class=HTMLResponse, response_model=None)
async def add_canned(
    request: Request, runtime: RuntimeDep, session: SessionDep, admin: ConsoleAdmin,
    key: Annotated[str, Form(max_length=100)], text: Annotated[str, Form(max_length=MAX_TEXT)] = "",
) -> HTMLResponse | RedirectResponse:  # fmt: skip
    """A reply of the center's own, with its Greek text; other languages are added from their list."""
    try:
        await add_canned_reply(
            session, admin=admin, key=key, texts={Language.EL: text}, now=runtime.clock.now(),
            builtin_keys=CANNED_REPLIES,
        )  # fmt: skip
    except CannedReplyError as error:
        form = {"canned_key": key, "canned_text": text}
        return await _page(
            request, runtime, session, admin, language=Language.EL, canned_error=error.code, form=form,
            status_code=400,
        )  # fmt: skip
    return see_other(_canned_url(Language.EL))
