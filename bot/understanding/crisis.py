"""Crisis detection: violence, self-harm or immediate danger, in every language and in Greeklish.

Two layers. The lexicon (``bot/lexicon/crisis/``) is the precise alarm: ``detect_crisis``. The recall layer
(concept rules over ``bot/lexicon/crisis_concepts/`` and a classifier trained from the example messages there)
catches wording no lexicon lists, and says "unsure": the conversation then shows the helplines and asks whether
the citizen is safe right now. ``assess_crisis`` gives both.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Literal, NamedTuple

import ahocorasick_rs

from bot.understanding.automaton import Automaton
from bot.understanding.concepts import Trust, find_concepts, fired, vetoes
from bot.understanding.language import SCRIPT_LANGUAGES, detect_language, rank_languages
from bot.understanding.lexicon import (
    crisis_examples,
    crisis_phrases,
    intent_examples,
    request_examples,
    safe_phrase_lines,
)
from bot.understanding.models import TextClassifier, train
from bot.understanding.text import has_greek, normalise, skeleton
from storage.enums import Language


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


@cache
def _crisis_automata() -> tuple[Automaton, Automaton]:
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
        Automaton({key: tuple(hits.values()) for key, hits in plain.items()}),
        Automaton({key: tuple(hits.values()) for key, hits in sound.items()}),
    )


@dataclass(frozen=True)
class _SafeLine:
    """One line of ``crisis/safe.toml``: an automaton over all its spellings, and the words they begin with."""

    first_words: frozenset[str]
    automaton: ahocorasick_rs.AhoCorasick


@cache
def _safe_lines() -> tuple[_SafeLine, ...]:
    """The safe lines in file order (55 000 spellings: one regex per line took 5 s to compile and 15 MB)."""
    lines = []
    for spellings in safe_phrase_lines():
        keys = sorted({key for key in (normalise(spelling) for spelling in spellings) if key})
        if keys:
            # Leftmost, then longest there, never overlapping: what re.sub does with an alternation of the keys.
            # The contiguous NFA is the smallest form (a DFA of these lines took 160 MB); only places are needed.
            automaton = ahocorasick_rs.AhoCorasick(
                [f" {key} " for key in keys],
                matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                implementation=ahocorasick_rs.Implementation.ContiguousNFA,
                store_patterns=False,
            )
            lines.append(_SafeLine(frozenset(key.split()[0] for key in keys), automaton))
    return tuple(lines)


def _without_safe_phrases(plain: str) -> str:
    """The text with each safe phrase replaced by a space, line after line in file order."""
    # Removing a phrase can join words into a later line's phrase: each line looks at what the earlier left.
    # Only lines one of whose first words is in the text are run.
    words = set(plain.split())
    for line in _safe_lines():
        if not line.first_words.isdisjoint(words):
            found = line.automaton.find_matches_as_indexes(plain)
            if found:
                plain = " ".join(plain[begin:end] for begin, end in _gaps(found, len(plain)))
                words = set(plain.split())
    return plain


def _gaps(found: list[tuple[int, int, int]], length: int) -> Iterator[tuple[int, int]]:
    """The stretches of a text between the matches found in it, matches in text order."""
    position = 0
    for _key, start, stop in found:
        yield position, start
        position = stop
    yield position, length


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
        for _stop, _key, hits in automaton.found(haystack):
            for hit in hits:
                if hit.kind not in first or hit.rank < first[hit.kind].rank:
                    first[hit.kind] = hit
    for kind in PRECEDENCE:
        if kind in first:
            return CrisisSignal(kind, first[kind].language)
    return None


# --- The recall layer ---------------------------------------------------------------------------------------

Certainty = Literal["alarm", "unsure"]
ORDINARY = "ordinary"
# How sure the classifier must be that a message is ordinary to overrule a rule, by the rule's trust: a likely
# rule only when it is all but certain ("my daughter hit her knee"), a hint as soon as it leans that way.
# Chosen by cross-validation on the training examples (tests/dev_calibrate.py), with HARD_WEIGHT below: once the
# crisis corpus had doubled, the grid with the most recall at under 8 % false alarms in cross-validation.
VETO = {Trust.STRONG: 2.0, Trust.LIKELY: 0.97, Trust.HINT: 0.9}
# The classifier alone counts from this share of crisis (all kinds together) on; in a message with words of
# ordinary life that make alarming words harmless (a veto: "deadline", "fell", "diabetes"), from a higher one.
MIN_CRISIS_SHARE = 0.5
VETOED_CRISIS_SHARE = 0.75
# The lexicon's alarm of violence or danger gives way to the recall layer in hyperbole only: when the message also
# has words of ordinary life (a veto: "these *papers* will kill me", "dying of *laughter*") and the classifier is
# all but sure it is ordinary. Self-harm and a child's harm always stand.
ALARM_VETO_SHARE = 0.97
_ALARM_VETOABLE = frozenset({"violence", "danger"})


@dataclass(frozen=True)
class CrisisAssessment:
    """What a message says about a crisis: its kind and language, and how certain ("alarm", "unsure" or None)."""

    kind: CrisisKind | None
    language: str | None
    certainty: Certainty | None


NO_CRISIS = CrisisAssessment(None, None, None)


# The harmless messages with alarming words ("these papers will kill me") count this many times an ordinary
# question: they are few among the intent examples, and they are what the classifier must tell apart.
HARD_WEIGHT = 3.0


@cache
def crisis_classifier() -> TextClassifier:
    """The recall classifier: crisis examples by kind, against ordinary messages of every intent and language."""
    texts: list[str] = []
    labels: list[str] = []
    weights: list[float] = []
    for language, kinds in crisis_examples().items():
        for label, examples in kinds.items():
            texts += examples
            labels += [label] * len(examples)
            weights += [HARD_WEIGHT if label == ORDINARY else 1.0] * len(examples)
        for table in (intent_examples()[language], request_examples()[language]):
            for examples in table.values():
                texts += examples
                labels += [ORDINARY] * len(examples)
                weights += [1.0] * len(examples)
    return train(texts, labels, weights=weights)


# In a Latin text, the romanised words of languages written in other scripts count too ("mujhe marta hai");
# Greek ones only when the text reads as Greeklish at all (then Greek is among its likely languages).
_LATIN_LANGUAGES = frozenset(language.value for language in SCRIPT_LANGUAGES["latin"])
_ROMANISED = frozenset(language.value for language in Language) - _LATIN_LANGUAGES - {Language.EL.value}
MIN_LANGUAGE_SHARE = 0.05


def _likely_languages(text: str) -> frozenset[str] | None:
    """The languages whose concept words count in a text: its likely languages (all when nothing is known)."""
    ranked = rank_languages(text)
    if not ranked:
        return None
    likely = {language.value for language, share in ranked[:4] if share >= MIN_LANGUAGE_SHARE}
    if likely & _LATIN_LANGUAGES or likely == {Language.EL.value}:
        likely |= _ROMANISED
    return frozenset(likely)


# Laughing emoji, which normalisation drops: they mark a joke as veto words do ("mum will kill me 😂").
_LAUGHS = frozenset("😂🤣😆😅😹")


def _laughs(text: str) -> bool:
    return any(char in _LAUGHS for char in text)


def _hyperbole(text: str) -> bool:
    """Tell whether a message the lexicon alarms on is hyperbole (see ``ALARM_VETO_SHARE``)."""
    plain = _without_safe_phrases(f" {normalise(text)} ").strip()
    if not (_laughs(text) or vetoes(list(find_concepts(plain)), _likely_languages(text))):
        return False
    return crisis_classifier().shares(text)[ORDINARY] >= ALARM_VETO_SHARE


def recall_crisis(
    text: str, classifier: TextClassifier | None = None
) -> tuple[CrisisKind, str | None] | None:
    """The crisis a message may speak of, by concept rules or the classifier, with a concept's language.

    ``classifier`` stands in for the recall classifier (cross-validation trains one per fold).
    """
    plain = normalise(text)
    if len(plain) < 3:
        return None
    plain = _without_safe_phrases(f" {plain} ").strip()
    shares = (classifier or crisis_classifier()).shares(text)
    concepts, languages = list(find_concepts(plain)), _likely_languages(text)
    rules = [
        (rule, found) for rule, found in fired(concepts, languages) if shares[ORDINARY] < VETO[rule.trust]
    ]
    if rules:
        kinds = {CrisisKind(rule.kind): found.language for rule, found in rules}
        kind = next(kind for kind in PRECEDENCE if kind in kinds)
        return kind, kinds[kind]
    vetoed = _laughs(text) or vetoes(concepts, languages)
    if 1 - shares[ORDINARY] >= (VETOED_CRISIS_SHARE if vetoed else MIN_CRISIS_SHARE):
        kind = max((kind for kind in CrisisKind), key=lambda kind: shares[kind.value])
        return kind, None
    return None


def assess_crisis(text: str) -> CrisisAssessment:
    """The lexicon's alarm when it speaks, else the recall layer's "unsure", else no crisis."""
    signal = detect_crisis(text)
    if signal is not None and not (signal.kind.value in _ALARM_VETOABLE and _hyperbole(text)):
        return CrisisAssessment(signal.kind, signal.language, "alarm")
    recalled = recall_crisis(text)
    if recalled is None:
        return NO_CRISIS
    kind, concept_language = recalled
    detected = detect_language(text)
    return CrisisAssessment(kind, detected.value if detected else concept_language, "unsure")
