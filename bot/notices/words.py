"""Pieces of booking messages: a service's name and a time, in the citizen's language."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.i18n import format_short_when, format_when
from bot.outbound import N_, Text
from storage.models import Area, Center

SERVICE_NAMES = {"social_worker": N_("social worker"), "psychologist": N_("psychologist")}
# The same services named on their own, as a choice or a heading.
SERVICE_LABELS = {"social_worker": N_("Social worker"), "psychologist": N_("Psychologist")}


def service_name(service: str) -> Text:
    """The name of a bookable service (a role of the centers file without a translation is shown as is)."""
    msgid = SERVICE_NAMES.get(service)
    return Text(msgid) if msgid else Text.verbatim(service.replace("_", " "))


def service_label(service: str) -> Text:
    """A bookable service named on its own ("Psychologist"), for choices and lists."""
    msgid = SERVICE_LABELS.get(service)
    return Text(msgid) if msgid else Text.verbatim(service.replace("_", " ").capitalize())


def short_when(language: str, at: datetime, center: Center) -> Text:
    """A compact day and time such as "Tue, Nov 24, 10:00", for choices."""
    return Text.verbatim(format_short_when(language, at, center.timezone))


def when(language: str, at: datetime, center: Center) -> Text:
    """A date and time such as "Tuesday 24 November, 10:00" in the center's time zone."""
    return Text.verbatim(format_when(language, at, center.timezone))


def localized(texts: dict[str, Any], language: str) -> str:
    """A text of the centers file in the citizen's language, else English, else Greek."""
    return str(texts.get(language) or texts.get("en") or texts["el"])


def area_name(area: Area, language: str) -> Text:
    """An area's name as the citizen reads it."""
    return Text.verbatim(localized(area.name, language))


def address(center: Center, language: str) -> Text:
    """The center's address as the citizen reads it."""
    return Text.verbatim(localized(center.address, language))
