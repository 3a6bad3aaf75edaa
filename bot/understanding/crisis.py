"""Crisis detection: violence, self-harm or immediate danger, in every language and in Greeklish."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from bot.understanding.crisis_lexicon import CRISIS_PHRASES, SAFE_PHRASES
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


@dataclass(frozen=True)
class _Pattern:
    kind: CrisisKind
    language: str
    plain: str
    sound: str | None


@cache
def _patterns() -> tuple[_Pattern, ...]:
    patterns = []
    for language, kinds in CRISIS_PHRASES.items():
        for kind_name, phrases in kinds.items():
            for phrase in phrases:
                # Greek phrases also match their Greeklish spelling through the sound skeleton.
                sound = f" {skeleton(phrase)} " if has_greek(phrase) else None
                patterns.append(_Pattern(CrisisKind(kind_name), language, f" {normalise(phrase)} ", sound))
    return tuple(patterns)


@cache
def _safe_phrases() -> tuple[str, ...]:
    return tuple(f" {normalise(phrase)} " for phrase in SAFE_PHRASES)


def detect_crisis(text: str) -> CrisisSignal | None:
    """The crisis a message speaks of, or None."""
    plain = f" {normalise(text)} "
    if len(plain) <= 3:
        return None
    for safe in _safe_phrases():
        plain = plain.replace(safe, " ")
    sound = f" {skeleton(plain)} "
    found: dict[CrisisKind, str] = {}
    for pattern in _patterns():
        if pattern.kind in found:
            continue
        if pattern.plain in plain or (pattern.sound is not None and pattern.sound in sound):
            found[pattern.kind] = pattern.language
    for kind in PRECEDENCE:
        if kind in found:
            return CrisisSignal(kind, found[kind])
    return None
