"""The lexicons in ``bot/lexicon/``: crisis and safe phrases, keywords, menu words, greetings, crisis concepts,
example utterances and review status.

Files are read once, when first asked for. Crisis phrases, safe phrases and crisis concepts are written in a short
notation that is spelt out here (see ``bot/lexicon/README.md``); keywords, menu words, greetings and example
utterances are taken as written.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bot.understanding.text import has_greek, normalise
from storage.enums import Language

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicon"

Phrases = tuple[str, ...]


@dataclass(frozen=True)
class Review:
    """Whether a native speaker has reviewed a lexicon file, who did, and what they noted."""

    native_review: bool
    reviewer: str
    notes: str


def _files() -> tuple[str, ...]:
    languages = [language.value for language in Language]
    return (
        *(f"crisis/{language}.toml" for language in languages),
        "crisis/safe.toml",
        *(f"keywords/{language}.toml" for language in languages),
        *(f"crisis_concepts/{language}.toml" for language in languages),
        *(f"intents/{language}.toml" for language in languages),
        *(f"crisis_corpus/{language}.toml" for language in languages),
        "greeklish/el.toml",
    )


@cache
def _read(name: str) -> dict[str, Any]:
    with (LEXICON_DIR / name).open("rb") as file:
        return tomllib.load(file)


def _section(name: str, section: str) -> dict[str, Phrases]:
    """One table of a file: keys to lists of phrases, in file order."""
    table = _read(name).get(section)
    if not isinstance(table, dict):
        raise ValueError(f"bot/lexicon/{name}: no [{section}] table")
    for key, phrases in table.items():
        if not isinstance(phrases, list) or not all(isinstance(phrase, str) for phrase in phrases):
            raise ValueError(f"bot/lexicon/{name}: [{section}] {key} is not a list of strings")
    return {key: tuple(phrases) for key, phrases in table.items()}


@cache
def review_status() -> Mapping[str, Review]:
    """The review of every lexicon file, by name (``"crisis/el.toml"``)."""
    reviews = {}
    for name in _files():
        table = _read(name).get("review")
        if not isinstance(table, dict) or not (
            isinstance(table.get("native_review"), bool)
            and isinstance(table.get("reviewer"), str)
            and isinstance(table.get("notes"), str)
        ):
            raise ValueError(f"bot/lexicon/{name}: [review] needs native_review, reviewer and notes")
        reviews[name] = Review(table["native_review"], table["reviewer"], table["notes"])
    return reviews


@cache
def crisis_phrases() -> Mapping[str, Mapping[str, Phrases]]:
    """Every spelling of the crisis phrases, by language then kind, in file order."""
    return {
        language.value: {
            kind: _expanded(language.value, phrases)
            for kind, phrases in _section(f"crisis/{language.value}.toml", "phrases").items()
        }
        for language in Language
    }


def safe_phrase_lines() -> Iterator[Phrases]:
    """Every spelling of each line of ``crisis/safe.toml``, line by line in file order (the removal order).

    Not cached: spelt out, the lines are some 55 000 phrases, which their matcher keeps as one pattern per line.
    """
    for phrase in _section("crisis/safe.toml", "safe")["phrases"]:
        # Safe phrases carry no language: Arabic-script ones are spelt as Arabic and as Persian typing.
        languages = ("ar", "fa") if _ARABIC_SCRIPT.search(phrase) else ("",)
        yield tuple(
            dict.fromkeys(spelling for language in languages for spelling in _expanded(language, [phrase]))
        )


def safe_phrases() -> Phrases:
    """Every spelling of the phrases that are not a crisis, in file order (benches and tests)."""
    return tuple(dict.fromkeys(spelling for line in safe_phrase_lines() for spelling in line))


@cache
def keywords() -> Mapping[str, Mapping[str, Phrases]]:
    """The words of each global command, by command then language."""
    return _by_key_then_language("commands")


@cache
def menu_synonyms() -> Mapping[str, Mapping[str, Phrases]]:
    """The words that pick each main-menu option, by option key then language."""
    return _by_key_then_language("menu")


@cache
def greetings() -> Mapping[str, Phrases]:
    """Greetings and thanks, by language."""
    return {
        language.value: _section(f"keywords/{language.value}.toml", "greetings")["words"]
        for language in Language
    }


@cache
def crisis_concepts() -> Mapping[str, Mapping[str, Phrases]]:
    """Every spelling of the words of each crisis concept, by language then concept (a final ``*``: a stem)."""
    return {
        language.value: {
            concept: _expanded(language.value, phrases)
            for concept, phrases in _section(f"crisis_concepts/{language.value}.toml", "concepts").items()
        }
        for language in Language
    }


@cache
def crisis_examples() -> Mapping[str, Mapping[str, Phrases]]:
    """Example messages by language then label (a crisis kind, or ``ordinary``), as written.

    The examples of ``crisis_concepts/`` come first, then the larger training corpus of ``crisis_corpus/``.
    """
    examples: dict[str, Mapping[str, Phrases]] = {}
    for language in Language:
        merged = dict(_section(f"crisis_concepts/{language.value}.toml", "examples"))
        for label, phrases in _section(f"crisis_corpus/{language.value}.toml", "examples").items():
            merged[label] = tuple(dict.fromkeys((*merged.get(label, ()), *phrases)))
        examples[language.value] = merged
    return examples


@cache
def greek_words() -> Phrases:
    """Common Greek words in Greek letters, with the twins Greeklish spells them by (see the README)."""
    return _expanded("el", _section("greeklish/el.toml", "words")["common"])


@cache
def intent_examples() -> Mapping[str, Mapping[str, Phrases]]:
    """Example first messages by language then intent, as written (requests apart: see request_examples)."""
    return {language.value: _section(f"intents/{language.value}.toml", "intents") for language in Language}


@cache
def request_examples() -> Mapping[str, Mapping[str, Phrases]]:
    """Needs described in a citizen's words, by language then case category, as written."""
    return {language.value: _section(f"intents/{language.value}.toml", "requests") for language in Language}


def _by_key_then_language(section: str) -> dict[str, dict[str, Phrases]]:
    table: dict[str, dict[str, Phrases]] = {}
    for language in Language:
        for key, words in _section(f"keywords/{language.value}.toml", section).items():
            table.setdefault(key, {})[language.value] = words
    return table


# --- Spelling out the notation (bot/lexicon/README.md) ------------------------------------------------------

_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
_BRACES = re.compile(r"\{([^{}]*)\}")
_FINAL_ARABIC = str.maketrans({"ي": "ى", "ة": "ه"})
# What Persian, Urdu and Pashto look like typed on a Persian or an Arabic keyboard.
_PERSIAN_KEYBOARD = str.maketrans("يكېۍےګښږټٹډڈړڑڼںہھ", "یکیییگشژتتددررننهه")
_ARABIC_KEYBOARD = str.maketrans({"ی": "ي", "ک": "ك"})
# Greek spellings the skeleton reads as common Greeklish does: τη as "th" (θ), κη as "kh" (χ), χ as "h" (η)...
_ENGLISH_CONTRACTIONS = re.compile(r"\b(?:\w+n t|i m|i ve|you re|he s|she s|it s|we re|they re|that s)\b")
_GREEKLISH_TWINS = (("τη", "θ"), ("κη", "χ"), ("αυ", "αφ"), ("ευ", "εφ"), ("χ", "η"), ("ξ", "χ"))


def _spell_out(phrase: str) -> list[str]:
    """Every phrase the ``{a,b}`` alternatives stand for, in order."""
    match = _BRACES.search(phrase)
    if match is None:
        return [phrase]
    head, tail = phrase[: match.start()], phrase[match.end() :]
    return [spelt for option in match.group(1).split(",") for spelt in _spell_out(head + option + tail)]


def _spellings(language: str, phrase: str) -> list[str]:
    """The ways people type one phrase: apostrophes, keyboards, Greeklish twins (see the README)."""
    forms = [phrase]
    if "'" in phrase:
        forms += [form.replace("'", "ʼ") for form in forms] + [form.replace("'", "") for form in forms]
    if language in ("fa", "ur", "ps"):
        persian = [form.translate(_PERSIAN_KEYBOARD) for form in forms]
        forms += persian + [form.translate(_ARABIC_KEYBOARD) for form in persian]
    if language == "el" and has_greek(phrase):
        # Greeklish writes τη as "th", which the skeleton reads as θ: the twin spelt "θ" meets it there.
        # Twins are spelt from the normal form, and are normal forms themselves.
        plain = [normalise(form) for form in forms]
        for greek, twin in _GREEKLISH_TWINS:
            twins = [form.replace(greek, twin) for form in plain if greek in form]
            forms += twins
            plain += twins
    if language == "en":
        # Contractions typed without the apostrophe are one word: "dont", "wont", "im", "ive".
        forms += [
            _ENGLISH_CONTRACTIONS.sub(lambda found: found.group().replace(" ", ""), form) for form in forms
        ]
    if language == "ar":
        forms += [re.sub(r"\S\b", lambda end: end.group().translate(_FINAL_ARABIC), form) for form in forms]
        forms += ["و" + form for form in forms]
    return list(dict.fromkeys(forms))


def _expanded(language: str, phrases: Phrases | list[str]) -> Phrases:
    """Every spelling of every phrase, once each, in order (``_`` is a space or nothing, independently)."""
    spelt = [spelt for phrase in phrases for spelt in _spell_out(phrase.replace("_", "{, }"))]
    return tuple(dict.fromkeys(spelling for phrase in spelt for spelling in _spellings(language, phrase)))
