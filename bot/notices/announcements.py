"""Announcements to subscribers: rendered once per (language, channel), queued in one statement.

Each subscriber reads the text in their language, or else the Greek and the English text together.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.notify import render_for
from bot.i18n import translate
from bot.notices.words import area_name, when
from bot.outbound import N_, Outbound, Text
from storage.announcements import FALLBACK, RenderedPage, queue_announcement
from storage.enums import Channel, Language
from storage.models import Announcement, Area, Center, MobileVisit


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
