"""The queue: urgent first, counts per status, filters, search, and a pulse that refreshes it by itself."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.console.pages.common import console_router
from api.console.session import ConsoleStaff
from api.console.templating import render
from api.deps import RuntimeDep, SessionDep
from storage.enums import CasePriority, CaseStatus
from storage.models import Staff
from storage.queue import QueueFilter, queue_pulse, read_queue
from storage.search import parse_search
from storage.staff import list_staff

router = console_router()
PAGE_SIZE = 100
OPEN = (CaseStatus.NEW, CaseStatus.IN_PROGRESS, CaseStatus.WAITING, CaseStatus.REFERRED)
VIEWS = ("open", "mine", "unassigned", "replied", *(status.value for status in CaseStatus))


def _filters(staff: Staff, view: str, priority: CasePriority | None, search: str | None) -> QueueFilter:
    """The queue filter of a view (a tab) and the optional priority and search words."""
    found = parse_search(search) if search and search.strip() else None
    if view in {status.value for status in CaseStatus}:
        statuses: tuple[CaseStatus, ...] | None = (CaseStatus(view),)
    else:
        # A reference or a phone number finds the citizen's cases whatever their status.
        statuses = None if found is not None and found.identifies else OPEN
    return QueueFilter(
        statuses=statuses, priority=priority, search=found, assignee_id=staff.id if view == "mine" else None,
        unassigned=view == "unassigned", waiting_for_us=view == "replied",
    )  # fmt: skip


async def _rows(
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: Staff, view: str,
    priority: CasePriority | None, search: str | None,
) -> dict[str, object]:  # fmt: skip
    """The cases to list (audited like the API's queue) and the names of the center's staff."""
    cases, more = await read_queue(
        session, staff=staff, filters=_filters(staff, view, priority, search), cursor=None, limit=PAGE_SIZE,
        now=runtime.clock.now(),
    )  # fmt: skip
    names = {
        member.id: member.full_name or member.email
        for member in await list_staff(session, center_id=staff.center_id)
    }
    return {"cases": cases, "more": more is not None, "names": names, "view": view, "priority": priority}


@router.get("", include_in_schema=False)
async def home() -> RedirectResponse:
    """The console opens on the queue."""
    return RedirectResponse("/console/queue", status_code=303)


@router.get("/queue", response_class=HTMLResponse)
async def queue_page(
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff,
    view: Annotated[str, Query(pattern="^(" + "|".join(VIEWS) + ")$")] = "open",
    priority: CasePriority | None = None,
) -> HTMLResponse:  # fmt: skip
    """The queue page."""
    pulse = await queue_pulse(session, center_id=staff.center_id)
    rows = await _rows(request, runtime, session, staff, view, priority, None)
    return render(request, "queue.html", {"pulse": pulse, "views": VIEWS, **rows})


@router.get("/queue/rows", response_class=HTMLResponse)
async def queue_rows(
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff,
    view: Annotated[str, Query(pattern="^(" + "|".join(VIEWS) + ")$")] = "open",
    priority: CasePriority | None = None,
) -> HTMLResponse:  # fmt: skip
    """The rows of the queue, refetched when the pulse says it changed."""
    return render(
        request, "_queue_rows.html", await _rows(request, runtime, session, staff, view, priority, None)
    )


@router.post("/queue/search", response_class=HTMLResponse)
async def queue_search(
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: ConsoleStaff,
    q: Annotated[str, Form(max_length=100)] = "",
    view: Annotated[str, Form(pattern="^(" + "|".join(VIEWS) + ")$")] = "open",
) -> HTMLResponse:  # fmt: skip
    """Search by words, reference or phone number; a POST, so what was sought never lands in a URL or log."""
    rows = await _rows(request, runtime, session, staff, view, None, q)
    return render(request, "_queue_rows.html", {**rows, "searched": q.strip()})


@router.get("/queue/pulse", response_class=HTMLResponse)
async def pulse(request: Request, session: SessionDep, staff: ConsoleStaff) -> HTMLResponse:
    """Counts and the change stamp, polled every few seconds (no personal data, so nothing to audit)."""
    return render(request, "_pulse.html", {"pulse": await queue_pulse(session, center_id=staff.center_id)})
