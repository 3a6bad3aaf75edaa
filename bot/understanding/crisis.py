"""Crisis detection: violence, self-harm or immediate danger, in every language and in Greeklish."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any, NamedTuple

import ahocorasick

from bot.understanding.lexicon import crisis_phrases, safe_phrases
from bot.understanding.text import has_greek, normalise, skeleton


class CrisisKind(StrEnum):
    """What the citizen's words point at; decides the helplines and the case category."""

    SELF_HARM = "self_harm"
    VIOLENCE = "violence"
    CHILD = "child"
    DANGER = "danger"


# When a message says several things, the most specific help comes first.
PRECEDENCE = (CrisisKind.SELF_HARM, CrisisKind.CHILD, CrisisKind.VIOLENCE, CrisisKind.DANGER)


@dataclass(frozen=True)
class CrisisSignal:
    """A detected crisis: its kind and the language of the phrase that matched."""

    kind: CrisisKind
    language: str


class _Hit(NamedTuple):
    """A crisis phrase found; its rank is its place in the lexicon, language by language in file order."""

    kind: CrisisKind
    rank: int
    language: str


def _automaton(values: Mapping[str, object]) -> Any:
    # Keys and texts are padded with a space on each side, so that a substring match is a whole-word match.
    automaton = ahocorasick.Automaton()
    for key, value in values.items():
        automaton.add_word(key, value)
    if values:
        automaton.make_automaton()
    return automaton


def _found(automaton: Any, text: str) -> Iterator[Any]:
    """The values of the keys found in a text, once per occurrence."""
    if len(automaton):
        for _end, value in automaton.iter(text):
            yield value


@cache
def _crisis_automata() -> tuple[Any, Any]:
    """Automata over the text and over its sound skeleton (Greek phrases only, to meet Greeklish)."""
    plain: dict[str, dict[CrisisKind, _Hit]] = {}
    sound: dict[str, dict[CrisisKind, _Hit]] = {}
    rank = 0
    for language, kinds in crisis_phrases().items():
        for kind_name, phrases in kinds.items():
            kind = CrisisKind(kind_name)
            for phrase in phrases:
                # Ranks only grow: of the phrases of a kind behind one key, the first is the one to keep.
                hit = _Hit(kind, rank, language)
                plain.setdefault(f" {normalise(phrase)} ", {}).setdefault(kind, hit)
                if has_greek(phrase):
                    sound.setdefault(f" {skeleton(phrase)} ", {}).setdefault(kind, hit)
                rank += 1
    return (
        _automaton({key: tuple(hits.values()) for key, hits in plain.items()}),
        _automaton({key: tuple(hits.values()) for key, hits in sound.items()}),
    )


@cache
def _safe_automaton() -> tuple[tuple[str, ...], Any]:
    """The padded safe phrases in file order, and an automaton giving each one's places in that order."""
    keys = tuple(f" {normalise(phrase)} " for phrase in safe_phrases())
    places: dict[str, list[int]] = {}
    for place, key in enumerate(keys):
        places.setdefault(key, []).append(place)
    return keys, _automaton({key: tuple(found) for key, found in places.items()})


def _without_safe_phrases(plain: str) -> str:
    """The text with each safe phrase replaced by a space, one phrase after another in file order."""
    keys, automaton = _safe_automaton()
    # Removing a phrase can join words into a later one, so after each removal look again from the next one on;
    # phrases absent from the text are skipped, as replacing them would change nothing.
    start = 0
    while True:
        present = [place for places in _found(automaton, plain) for place in places if place >= start]
        if not present:
            return plain
        place = min(present)
        plain = plain.replace(keys[place], " ")
        start = place + 1


def detect_crisis(text: str) -> CrisisSignal | None:
    """The crisis a message speaks of, or None."""
    plain = f" {normalise(text)} "
    if len(plain) <= 3:
        return None
    plain = _without_safe_phrases(plain)
    sound = f" {skeleton(plain)} "
    plain_automaton, sound_automaton = _crisis_automata()
    # Of the phrases of one kind found, the first in the lexicon names the language.
    first: dict[CrisisKind, _Hit] = {}
    for automaton, haystack in ((plain_automaton, plain), (sound_automaton, sound)):
        for hits in _found(automaton, haystack):
            for hit in hits:
                if hit.kind not in first or hit.rank < first[hit.kind].rank:
                    first[hit.kind] = hit
    for kind in PRECEDENCE:
        if kind in first:
            return CrisisSignal(kind, first[kind].language)
    return None
