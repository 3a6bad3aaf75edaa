"""The console's own gettext domain (``console``): Greek by default, English switchable."""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from bot.i18n import load_catalog

LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "console"
LANGUAGES = ("el", "en")
DEFAULT_LANGUAGE = "el"
# Each language named in itself, for the switch in the header.
LANGUAGE_NAMES = {"el": "Ελληνικά", "en": "English"}


def console_po_path(language: str) -> Path:
    """Where the console's catalog of a language lives."""
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def console_translations(language: str) -> gettext.NullTranslations:
    """The console's compiled catalog of a language (English is the source language)."""
    return load_catalog(console_po_path(language), language)


def pick_language(cookie: str | None) -> str:
    """The language a staff member chose, or Greek."""
    return cookie if cookie in LANGUAGES else DEFAULT_LANGUAGE
