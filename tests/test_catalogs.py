"""Catalogs: the template matches the code, and every language is complete, exact and reviewed-or-marked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.i18n import LOCALES_DIR, po_path, translate
from bot.outbound import Text
from storage.enums import Language

PLACEHOLDER = re.compile(r"\{\w+\}")
ROOT = Path(__file__).parent.parent


def load(language: str) -> Catalog:
    with po_path(language).open("rb") as source:
        return read_po(source, locale=language)


def code_msgids() -> set[str]:
    found = extract_from_dir(str(ROOT / "bot"), method_map=[("**.py", "python")], keywords={"N_": None})
    return {message for _file, _line, message, _comments, _context in found if isinstance(message, str)}


def test_template_is_up_to_date_with_the_code() -> None:
    with (LOCALES_DIR / "messages.pot").open("rb") as source:
        template = {message.id for message in read_po(source) if message.id}
    assert code_msgids() == template, "run `make catalogs` and translate the new entries"


@pytest.mark.parametrize("language", [language.value for language in Language])
def test_catalog_is_complete_exact_and_not_fuzzy(language: str) -> None:
    catalog = load(language)
    with (LOCALES_DIR / "messages.pot").open("rb") as source:
        wanted = {message.id for message in read_po(source) if message.id}
    entries = {message.id: message for message in catalog if message.id}
    assert set(entries) == wanted
    problems = []
    for msgid, message in entries.items():
        if message.fuzzy or not message.string:
            problems.append(f"missing or fuzzy: {msgid}")
        elif sorted(PLACEHOLDER.findall(str(msgid))) != sorted(PLACEHOLDER.findall(str(message.string))):
            problems.append(f"placeholders differ: {msgid}")
    assert problems == []


@pytest.mark.parametrize("language", [language.value for language in Language])
def test_catalog_says_whether_a_native_speaker_reviewed_it(language: str) -> None:
    header = load(language).header_comment
    assert re.search(r"^# Native review: (yes|no|source language)", header, re.MULTILINE)


def test_arabic_has_six_plural_forms_in_gettext_order() -> None:
    # Babel issue #816: check the header ourselves rather than trust the generated one.
    catalog = load("ar")
    assert catalog.num_plurals == 6
    assert catalog.plural_expr.replace(" ", "").startswith(
        "(n==0?0:n==1?1:n==2?2:n%100>=3&&n%100<=10?3:n%100>=11"
    )


def test_translations_fill_in_parameters() -> None:
    text = Text("Your reference is {reference}.", {"reference": "KK-7F3Q"})
    assert "KK-7F3Q" in translate("el", text) and translate("el", text) != translate("en", text)
