"""Announcements to subscribers: rendered once per (language, channel), queued in one statement.

Each subscriber reads the text in their language, or else the Greek and the English text together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.rendered import Rendered, RenderedChoice
from bot.delivery.notify import render_for
from bot.i18n import translate
from bot.notices.preview import Preview, Version
from bot.notices.words import area_name, when
from bot.outbound import N_, Outbound, Text
from storage.announcements import (
    FALLBACK,
    RenderedPage,
    count_audience,
    create_announcement,
    queue_announcement,
)
from storage.enums import AnnouncementStatus, Channel, Language
from storage.models import Announcement, Area, Center, MobileVisit, Staff

FURTHEST = timedelta(days=92)


class AnnouncementRefused(ValueError):
    """The announcement cannot go: no Greek text, or scheduled too far ahead."""


def fallback_text(texts: Mapping[str, str]) -> str:
    """Greek and English together, for subscribers whose language the announcement does not have."""
    return "\n\n".join(texts[language] for language in ("el", "en") if texts.get(language))


def render_pages(texts: Mapping[str, str], center: Center) -> list[RenderedPage]:
    """Every page for every (language, channel) pair: at most 13 languages × 2 channels renders."""
    versions = {language: (language, text) for language, text in texts.items()}
    versions[FALLBACK] = ("el", fallback_text(texts))
    pages = []
    for key, (locale, text) in versions.items():
        message = Outbound((Text.verbatim(text),))
        for channel in Channel:
            for number, page in enumerate(render_for(message, channel=channel, locale=locale, center=center)):
                payload = dict(page.payload)
                payload["choices"] = [{"key": choice.key, "label": choice.label} for choice in page.choices]
                pages.append(RenderedPage(key, channel, number, locale, page.body, payload))
    return pages


async def announce_to_areas(
    session: AsyncSession,
    *,
    staff: Staff,
    center: Center,
    areas: Sequence[Area],
    texts: Mapping[str, str],
    send_at: datetime | None,
    now: datetime,
) -> Announcement:
    """Announce to everyone subscribed to any of the areas, once each: queued now, or scheduled for ``send_at``."""
    kept = {language: text.strip() for language, text in texts.items() if text.strip()}
    if not kept.get(Language.EL.value):
        raise AnnouncementRefused("text: the Greek text (el) is required")
    if send_at is not None and send_at > now + FURTHEST:
        raise AnnouncementRefused("send_at: at most 92 days ahead")
    announcement = await create_announcement(
        session, staff=staff, area_ids=[area.id for area in areas], texts=kept, send_at=send_at, now=now
    )
    if announcement.status is not AnnouncementStatus.SCHEDULED:
        await send_announcement(session, center=center, announcement=announcement, now=now)
    return announcement


async def announce_visit(
    session: AsyncSession, *, staff: Staff, center: Center, visit: MobileVisit, area: Area, now: datetime
) -> Announcement:
    """A new visit told at once to the area's subscribers, in every language the front desk speaks."""
    return await announce_to_areas(
        session, staff=staff, center=center, areas=[area], texts=visit_texts(visit, area, center), send_at=None,
        now=now,
    )  # fmt: skip


async def estimate_announcement(
    session: AsyncSession, *, center: Center, areas: Sequence[Area], texts: Mapping[str, str]
) -> tuple[Preview, dict[tuple[str, Channel], int]]:
    """Every rendering of an announcement, with the subscribers who would read it now; and the audience by
    citizen language and channel."""
    kept = {language: text.strip() for language, text in texts.items() if text.strip()}
    audience = await count_audience(session, center_id=center.id, area_ids=[area.id for area in areas])
    readers: dict[tuple[str, Channel], int] = {}
    for (locale, channel), count in audience.items():
        key = (locale if locale in kept else FALLBACK, channel)
        readers[key] = readers.get(key, 0) + count
    grouped: dict[tuple[str, Channel], list[RenderedPage]] = {}
    for page in render_pages(kept, center) if kept else []:
        grouped.setdefault((page.language, page.channel), []).append(page)
    versions = tuple(
        Version(
            language,
            pages[0].locale,
            channel,
            citizens=readers.get((language, channel), 0),
            pages=tuple(_as_rendered(page) for page in pages),
        )
        for (language, channel), pages in grouped.items()
        if language != FALLBACK or readers.get((language, channel), 0)
    )
    return Preview(versions), audience


def _as_rendered(page: RenderedPage) -> Rendered:
    choices = tuple(RenderedChoice(item["key"], item["label"]) for item in page.payload.get("choices", []))
    return Rendered(page.body, choices, page.payload)


async def send_announcement(
    session: AsyncSession, *, center: Center, announcement: Announcement, now: datetime
) -> int:
    """Queue an announcement for every current recipient (safe to repeat); how many recipients."""
    pages = render_pages(announcement.texts, center)
    return await queue_announcement(session, announcement=announcement, pages=pages, now=now)


def visit_texts(visit: MobileVisit, area: Area, center: Center) -> dict[str, str]:
    """A new visit announced in every language the front desk speaks."""
    return {
        language.value: translate(
            language.value,
            Text(
                N_("The mobile unit comes to {area}: {when}."),
                {
                    "area": area_name(area, language.value),
                    "when": when(language.value, visit.starts_at, center),
                },
            ),
        )
        for language in Language
    }
