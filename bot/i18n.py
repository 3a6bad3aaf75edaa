"""Translations (gettext catalogs under ``bot/locales``) and locale-aware formatting through Babel."""

from __future__ import annotations

import gettext
import io
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_datetime, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.outbound import Text
from storage.enums import Language

LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "messages"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Isolate left-to-right runs (numbers, phone numbers, references) inside right-to-left text.
_LTR_RUN = re.compile(r"[+]?[0-9A-Za-z][0-9A-Za-z .:/@+_-]*[0-9A-Za-z]|[0-9A-Za-z]")
LRI, PDI = "\u2066", "\u2069"

# Each language named in itself, for the language menu.
NATIVE_NAMES = {
    Language.EL: "Ελληνικά",
    Language.EN: "English",
    Language.AR: "العربية",
    Language.FA: "فارسی",
    Language.UK: "Українська",
    Language.UR: "اردو",
    Language.FR: "Français",
    Language.SQ: "Shqip",
    Language.PS: "پښتو",
    Language.KU: "Kurmancî",
    Language.SO: "Soomaali",
    Language.RU: "Русский",
}


def po_path(language: str) -> Path:
    """Where a language's catalog lives."""
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_catalog(path: Path, language: str) -> gettext.NullTranslations:
    """A .po file compiled in memory (so it is never stale), or no translations when it is missing."""
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as source:
        catalog = read_po(source, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalog of a language."""
    return load_catalog(po_path(language), language)


def translate(language: str, text: Text) -> str:
    """The text in a language, parameters filled in (parameters that are Texts are translated too)."""
    if text.raw:
        return text.msgid
    catalog = translations(language)
    if text.plural is not None and text.count is not None:
        template = catalog.ngettext(text.msgid, text.plural, text.count)
    else:
        template = catalog.gettext(text.msgid)
    params = {
        key: translate(language, value) if isinstance(value, Text) else value
        for key, value in text.params.items()
    }
    if text.count is not None:
        params.setdefault("count", text.count)
    try:
        return _PLACEHOLDER.sub(
            lambda match: str(params[match.group(1)]) if match.group(1) in params else match.group(0),
            template,
        )
    except (KeyError, IndexError):
        return template


def is_rtl(language: str) -> bool:
    """Tell whether a language is written right to left."""
    return Locale.parse(language).text_direction == "rtl"


def isolate_ltr(text: str) -> str:
    """Wrap numbers and Latin runs in RTL text with isolates so digits and phone numbers read correctly."""
    return _LTR_RUN.sub(lambda match: f"{LRI}{match.group(0)}{PDI}", text)


def format_when(language: str, at: datetime, timezone: str = "Europe/Athens") -> str:
    """A date and time as people of that language write it, in the center's time zone."""
    return format_datetime(at, "EEEE d MMMM, HH:mm", tzinfo=ZoneInfo(timezone), locale=language)


def format_short_when(language: str, at: datetime, timezone: str = "Europe/Athens") -> str:
    """A compact day and time for a choice ("Τρί 24 Νοε 10:00", "Tue, Nov 24 10:00"): SMS lines stay short."""
    zone = ZoneInfo(timezone)
    day = format_skeleton("MMMEd", at, tzinfo=zone, locale=language)
    return f"{day} {at.astimezone(zone):%H:%M}"
