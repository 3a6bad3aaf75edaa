"""Announcements to the subscribers of your center's mobile-unit areas (coordinators)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, status

from api.booking import center_of
from api.deps import UNAUTHORIZED, Coordinator, Id, RuntimeDep, SessionDep
from api.schemas.announcements import AnnouncementIn, AnnouncementOut, AnnouncementProgress
from api.times import local, to_instant, unprocessable
from api.visit_views import own_area
from bot.notices.announcements import AnnouncementRefused, announce_to_areas
from storage.announcements import announcement_progress, get_announcement, shown_status

router = APIRouter(prefix="/api/v1/announcements", tags=["mobile unit"], responses=UNAUTHORIZED)
COORDINATORS: dict[int | str, dict[str, Any]] = {403: {"description": "Needs the coordinator role"}}


@router.post(
    "",
    status_code=202,
    responses={**COORDINATORS, 422: {"description": "Unknown area, no Greek text, or send_at too far ahead"}},
)
async def announce(
    runtime: RuntimeDep, session: SessionDep, staff: Coordinator, body: AnnouncementIn
) -> AnnouncementOut:
    """Queue an announcement to everyone subscribed to any of the areas (once each), now or at ``send_at``."""
    center = await center_of(session, staff)
    areas = [await own_area(session, center, slug) for slug in dict.fromkeys(body.areas)]
    now = runtime.clock.now()
    send_at = to_instant(body.send_at, center.timezone, "send_at") if body.send_at else None
    texts = {language.value: text for language, text in body.text.items()}
    try:
        announcement = await announce_to_areas(
            session, staff=staff, center=center, areas=areas, texts=texts, send_at=send_at, now=now
        )
    except AnnouncementRefused as refused:
        raise unprocessable(str(refused)) from None
    return AnnouncementOut(
        id=announcement.id, recipients=announcement.recipients, status=announcement.status,
        send_at=local(announcement.send_at, center.timezone) if announcement.send_at else None,
    )  # fmt: skip


@router.get(
    "/{announcement_id}",
    responses={**COORDINATORS, 404: {"description": "No such announcement at your center"}},
)
async def progress(session: SessionDep, staff: Coordinator, announcement_id: Id) -> AnnouncementProgress:
    """How far delivery has come: queued (here), sent (to the provider), delivered, failed."""
    announcement = await get_announcement(session, center_id=staff.center_id, announcement_id=announcement_id)
    if announcement is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such announcement")
    center = await center_of(session, staff)
    counts = await announcement_progress(session, announcement_id=announcement.id)
    return AnnouncementProgress(
        id=announcement.id, status=shown_status(announcement, counts), recipients=announcement.recipients, **counts,
        send_at=local(announcement.send_at, center.timezone) if announcement.send_at else None,
    )  # fmt: skip
