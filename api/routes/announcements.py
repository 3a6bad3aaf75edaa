"""Announcements to the subscribers of your center's mobile-unit areas (coordinators)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, HTTPException, status

from api.booking import center_of
from api.deps import UNAUTHORIZED, Coordinator, Id, RuntimeDep, SessionDep
from api.schemas.announcements import AnnouncementIn, AnnouncementOut, AnnouncementProgress
from api.times import local, to_instant, unprocessable
from api.visit_views import own_area
from bot.notices.announcements import send_announcement
from storage.announcements import announcement_progress, create_announcement, get_announcement
from storage.enums import AnnouncementStatus, Language

router = APIRouter(prefix="/api/v1/announcements", tags=["mobile unit"], responses=UNAUTHORIZED)
COORDINATORS: dict[int | str, dict[str, Any]] = {403: {"description": "Needs the coordinator role"}}
FURTHEST = timedelta(days=92)


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
    if not body.text.get(Language.EL, "").strip():
        raise unprocessable("text: the Greek text (el) is required")
    areas = [await own_area(session, center, slug) for slug in dict.fromkeys(body.areas)]
    now = runtime.clock.now()
    send_at = to_instant(body.send_at, center.timezone, "send_at") if body.send_at else None
    if send_at is not None and send_at > now + FURTHEST:
        raise unprocessable("send_at: at most 92 days ahead")
    texts = {language.value: text.strip() for language, text in body.text.items() if text.strip()}
    announcement = await create_announcement(
        session, staff=staff, area_ids=[area.id for area in areas], texts=texts, send_at=send_at, now=now
    )
    if announcement.status is not AnnouncementStatus.SCHEDULED:
        await send_announcement(session, center=center, announcement=announcement, now=now)
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
    shown = announcement.status
    if shown is AnnouncementStatus.QUEUED and counts["queued"] == 0:
        shown = AnnouncementStatus.SENT
    return AnnouncementProgress(
        id=announcement.id, status=shown, recipients=announcement.recipients, **counts,
        send_at=local(announcement.send_at, center.timezone) if announcement.send_at else None,
    )  # fmt: skip
