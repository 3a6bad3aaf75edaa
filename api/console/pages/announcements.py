"""The announcement composer (coordinators): areas, text per language, SMS and Telegram previews, the audience
and its cost, send now or schedule, then live progress."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.datastructures import FormData

from api.console.pages.common import PageNotFound, console_router, see_other
from api.console.pages.mobile_words import mobile_words
from api.console.session import ConsoleCoordinator
from api.console.templating import render
from api.deps import Id, RuntimeDep, SessionDep
from api.times import to_instant
from bot.notices.announcements import AnnouncementRefused, announce_to_areas, estimate_announcement
from storage.announcements import announcement_progress, get_announcement, list_announcements, shown_status
from storage.centers import areas_by_id, get_center, list_areas
from storage.enums import Language
from storage.models import Area, Staff

router = console_router()
FIRST_LANGUAGES = ("el", "en")  # Greek is required; English is what most others read
MAX_TEXT = 1000  # as the API's AnnouncementIn
CODES = "|".join(language.value for language in Language)


def _texts(form: FormData) -> dict[str, str]:
    """The text of each language in the form (fields ``text_<code>``), in the order they were added."""
    texts: dict[str, str] = {}
    for language in FIRST_LANGUAGES + tuple(
        lang.value for lang in Language if lang.value not in FIRST_LANGUAGES
    ):
        value = form.get(f"text_{language}")
        if isinstance(value, str):
            texts[language] = value[:MAX_TEXT]
    return texts


async def _chosen_areas(session: SessionDep, staff: Staff, form: FormData) -> list[Area]:
    """The areas ticked in the form (only this center's: anything else is ignored)."""
    wanted = {value for value in form.getlist("area") if isinstance(value, str)}
    return [area for area in await list_areas(session, center_id=staff.center_id) if area.slug in wanted]


async def _composer(
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: Staff, *, texts: dict[str, str],
    chosen: list[Area], error: str | None = None, send_at: str = "",
) -> dict[str, Any]:  # fmt: skip
    center = await get_center(session, center_id=staff.center_id)
    preview, audience = await estimate_announcement(session, center=center, areas=chosen, texts=texts)
    return {
        "areas": await list_areas(session, center_id=center.id), "chosen": {area.id for area in chosen},
        "texts": texts, "others": [lang.value for lang in Language if lang.value not in texts],
        "preview": preview, "audience": audience, "price": runtime.settings.sms_price_eur, "error": error,
        "send_at": send_at, "past": await list_announcements(session, center_id=center.id),
        "area_names": await areas_by_id(session, center_id=center.id), **mobile_words(request, center.timezone),
    }  # fmt: skip


@router.get("/announcements", response_class=HTMLResponse)
async def composer(
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: ConsoleCoordinator
) -> HTMLResponse:
    """The composer, with the past announcements below it."""
    texts = dict.fromkeys(FIRST_LANGUAGES, "")
    context = await _composer(request, runtime, session, staff, texts=texts, chosen=[])
    return render(request, "announcements.html", context)


@router.get("/announcements/language", response_class=HTMLResponse)
async def language_field(
    request: Request, staff: ConsoleCoordinator, code: Annotated[str, Query(pattern=f"^({CODES})$")]
) -> HTMLResponse:
    """The text box of one more language, added by the picker."""
    center_zone = "Europe/Athens"  # the field shows no time; any zone will do
    return render(
        request, "_announcement_text.html", {"code": code, "text": "", **mobile_words(request, center_zone)}
    )


@router.post("/announcements/estimate", response_class=HTMLResponse)
async def estimate(
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: ConsoleCoordinator
) -> HTMLResponse:
    """The previews, the audience and the estimate for the form as it is now (htmx, while typing)."""
    form = await request.form()
    context = await _composer(
        request, runtime, session, staff, texts=_texts(form), chosen=await _chosen_areas(session, staff, form)
    )
    return render(request, "_announcement_estimate.html", context)


@router.post("/announcements", response_class=HTMLResponse, response_model=None)
async def send(
    request: Request, runtime: RuntimeDep, session: SessionDep, staff: ConsoleCoordinator
) -> HTMLResponse | RedirectResponse:
    """Send now or schedule, through the same service as the API; then the announcement's page."""
    form = await request.form()
    texts, chosen = _texts(form), await _chosen_areas(session, staff, form)
    center = await get_center(session, center_id=staff.center_id)
    later = form.get("when") == "later"
    raw = form.get("send_at")
    send_at_text = raw if isinstance(raw, str) else ""
    error = None if chosen else "no_area"
    send_at: datetime | None = None
    if error is None and later:
        try:
            send_at = to_instant(datetime.fromisoformat(send_at_text), center.timezone, "send_at")
        except (ValueError, HTTPException):
            error = "bad_time"
    if error is None:
        try:
            announcement = await announce_to_areas(
                session, staff=staff, center=center, areas=chosen, texts=texts, send_at=send_at,
                now=runtime.clock.now(),
            )  # fmt: skip
        except AnnouncementRefused as refused:
            error = "too_far" if str(refused).startswith("send_at") else "no_greek"
        else:
            return see_other(f"/console/announcements/{announcement.id}")
    context = await _composer(
        request, runtime, session, staff, texts=texts, chosen=chosen, error=error, send_at=send_at_text
    )
    return render(request, "announcements.html", context, status_code=422)


async def _own(session: SessionDep, staff: Staff, announcement_id: int) -> dict[str, Any]:
    announcement = await get_announcement(session, center_id=staff.center_id, announcement_id=announcement_id)
    if announcement is None:
        raise PageNotFound
    counts = await announcement_progress(session, announcement_id=announcement.id)
    return {"announcement": announcement, "counts": counts, "shown": shown_status(announcement, counts)}


@router.get("/announcements/{announcement_id}", response_class=HTMLResponse)
async def announcement_page(
    request: Request, session: SessionDep, staff: ConsoleCoordinator, announcement_id: Id
) -> HTMLResponse:
    """One announcement: its texts, areas and delivery progress (polled)."""
    center = await get_center(session, center_id=staff.center_id)
    context = {
        **await _own(session, staff, announcement_id), "area_names": await areas_by_id(session, center_id=center.id),
        **mobile_words(request, center.timezone),
    }  # fmt: skip
    return render(request, "announcement.html", context)


@router.get("/announcements/{announcement_id}/progress", response_class=HTMLResponse)
async def progress(
    request: Request, session: SessionDep, staff: ConsoleCoordinator, announcement_id: Id
) -> HTMLResponse:
    """Delivery progress alone, polled every few seconds by the announcement's page."""
    center = await get_center(session, center_id=staff.center_id)
    context = {**await _own(session, staff, announcement_id), **mobile_words(request, center.timezone)}
    return render(request, "_announcement_progress.html", context)
