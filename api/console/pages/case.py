"""One case: its answers, the thread with the citizen, and what staff do with it (claim, change, note, reply)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.console.pages.common import PageNotFound, console_router, see_other
from api.console.session import ConsoleStaff
from api.console.templating import render
from api.deps import Id, RuntimeDep, SessionDep
from bot.canned import canned_replies_for
from bot.channels.sms.segments import count_segments
from bot.delivery.notify import CannotReply, reply_pages, send_staff_reply
from storage.case_changes import (
    CaseChangeError,
    add_note,
    change_case,
    claim_case,
    list_notes,
    list_referrals,
)
from storage.cases import list_attachments
from storage.centers import get_center
from storage.citizens import get_identity
from storage.enums import CasePriority, CaseStatus, Channel
from storage.models import Case, Staff
from storage.queue import get_case, previous_cases, read_case, transcript
from storage.staff import list_staff

router = console_router()
MAX_REPLY = 1600  # what one SMS conversation message may carry at most (Twilio's limit)


async def own_case(session: SessionDep, staff: Staff, case_id: int) -> Case:
    """A case of the staff member's center, else the 404 page (another center's case is as good as absent)."""
    case = await get_case(session, center_id=staff.center_id, case_id=case_id)
    if case is None:
        raise PageNotFound
    return case


async def _thread(session: SessionDep, case: Case) -> dict[str, object]:
    """The messages with the citizen and the attachments of the case."""
    return {
        "case": case,
        "messages": await transcript(session, citizen_id=case.citizen_id),
        "attachments": await list_attachments(session, case_id=case.id),
    }


@router.get("/cases/{case_id}", response_class=HTMLResponse)
async def case_page(
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff, case_id: Id,
    error: str | None = None,
) -> HTMLResponse:  # fmt: skip
    """The case page (opening it is audited, as in the API)."""
    now = runtime.clock.now()
    case = await read_case(session, staff=staff, case_id=case_id, now=now)
    if case is None:
        raise PageNotFound
    identity = await get_identity(session, identity_id=case.identity_id) if case.identity_id else None
    colleagues = await list_staff(session, center_id=staff.center_id)
    context = {
        **await _thread(session, case),
        "identity": identity,
        "notes": await list_notes(session, case_id=case.id),
        "referrals": await list_referrals(session, case_id=case.id),
        "previous": await previous_cases(session, case=case),
        "colleagues": [member for member in colleagues if member.active],
        "names": {member.id: member.full_name or member.email for member in colleagues},
        "canned": await canned_replies_for(session, center_id=staff.center_id, language=case.language),
        "statuses": list(CaseStatus),
        "priorities": list(CasePriority),
        "error": error,
        "rtl": case.language.value in {"ar", "fa", "ur", "ps"},
    }
    return render(request, "case.html", context)


@router.get("/cases/{case_id}/thread", response_class=HTMLResponse)
async def thread(request: Request, session: SessionDep, staff: ConsoleStaff, case_id: Id) -> HTMLResponse:
    """The thread alone, polled while the page is open (its opening was audited)."""
    case = await own_case(session, staff, case_id)
    return render(request, "_thread.html", await _thread(session, case))


@router.post("/cases/{case_id}/claim")
async def claim(
    runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff, case_id: Id
) -> RedirectResponse:
    """Take the case."""
    await claim_case(
        session, case=await own_case(session, staff, case_id), staff=staff, now=runtime.clock.now()
    )
    return see_other(f"/console/cases/{case_id}")


@router.post("/cases/{case_id}/change")
async def change(
    runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff, case_id: Id,
    status: Annotated[CaseStatus | None, Form()] = None,
    priority: Annotated[CasePriority | None, Form()] = None,
    assignee: Annotated[str, Form(pattern=r"^(|none|[0-9]{1,18})$")] = "",
) -> RedirectResponse:  # fmt: skip
    """Change status, priority or assignee."""
    case = await own_case(session, staff, case_id)
    try:
        await change_case(
            session, case=case, staff=staff, now=runtime.clock.now(), status=status, priority=priority,
            assignee_id=int(assignee) if assignee.isdigit() else None, unassign=assignee == "none",
        )  # fmt: skip
    except CaseChangeError:
        return see_other(f"/console/cases/{case_id}?error=assignee")
    return see_other(f"/console/cases/{case_id}")


@router.post("/cases/{case_id}/notes")
async def note(
    runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff, case_id: Id,
    body: Annotated[str, Form(min_length=1, max_length=4000)],
) -> RedirectResponse:  # fmt: skip
    """Add a private note."""
    case = await own_case(session, staff, case_id)
    await add_note(session, case=case, staff=staff, body=body.strip(), now=runtime.clock.now())
    return see_other(f"/console/cases/{case_id}#notes")


@router.post("/cases/{case_id}/reply")
async def reply(
    runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff, case_id: Id,
    text: Annotated[str, Form(min_length=1, max_length=MAX_REPLY)],
) -> RedirectResponse:  # fmt: skip
    """Send the reply to the citizen on their channel; it appears in the thread with its delivery status."""
    case = await own_case(session, staff, case_id)
    try:
        await send_staff_reply(
            session, case=case, staff=staff, text=text.strip(), now=runtime.clock.now(),
            sms_account=runtime.settings.sms_enabled,
        )  # fmt: skip
    except CannotReply:
        return see_other(f"/console/cases/{case_id}?error=unreachable")
    return see_other(f"/console/cases/{case_id}#thread")


@router.post("/cases/{case_id}/segments", response_class=HTMLResponse)
async def segments(
    request: Request, session: SessionDep, staff: ConsoleStaff, case_id: Id,
    text: Annotated[str, Form(max_length=MAX_REPLY)] = "",
) -> HTMLResponse:  # fmt: skip
    """How many SMS the reply typed so far will cost, counted by the sender's own rendering."""
    case = await own_case(session, staff, case_id)
    identity = await get_identity(session, identity_id=case.identity_id) if case.identity_id else None
    channel = identity.channel if identity is not None else case.channel
    count = None
    if channel is Channel.SMS and text.strip():
        center = await get_center(session, center_id=case.center_id)
        pages = reply_pages(text.strip(), case=case, channel=channel, center=center)
        infos = [count_segments(page.body) for page in pages]
        count = {
            "segments": sum(info.segments for info in infos),
            "encoding": infos[0].encoding,
            "chars": len(text),
        }
    return render(request, "_segments.html", {"count": count, "channel": channel})
