"""Crisis concepts found in a message, and the rules that combine them (the recall layer of crisis detection).

A concept is a list of words per language in ``bot/lexicon/crisis_concepts/<lang>.toml`` ("a person", "a harm",
"hopelessness" ...). A rule names one concept that is enough alone, or two that must stand within a few words of
each other ("my husband" ... "hits"). Every language's words are matched by one Aho-Corasick automaton over the
text, and Greek ones also over its sound skeleton (Greeklish), built once.

The concept ``veto`` holds the words of ordinary life that turn alarming words harmless near them: hyperbole
("this *deadline* is killing me", "dying of the *heat*"), accidents ("*fell* and hurt his knee", "hit by a
*ball*"), routine illness ("*diabetes*, pills *every day*"), tenancy and work ("threatened to *raise the rent*"),
and events ("violence *prevention seminar*", "*donate* kitchen knives"). A veto word within ``VETO_WINDOW``
words of the words a rule stands on silences that rule, unless the rule is strong ("he chokes me" stays).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import NamedTuple

from bot.understanding.automaton import Automaton
from bot.understanding.lexicon import crisis_concepts
from bot.understanding.text import has_greek, normalise, skeleton


class Trust(StrEnum):
    """How much a rule says by itself, and so how easily the classifier may overrule it."""

    # The words say it outright ("I want to kill myself", "we are in danger"): never overruled.
    STRONG = "strong"
    # Likely ("my husband" near "hit"): overruled only when the classifier is sure it is ordinary.
    LIKELY = "likely"
    # A hint ("I bought a rope", "the pills are in front of me"): counts only when the classifier has doubts.
    HINT = "hint"


@dataclass(frozen=True)
class Rule:
    """One concept alone, or two within ``window`` words of each other, point at a kind of crisis."""

    kind: str
    first: str
    second: str | None = None
    window: int = 6
    trust: Trust = Trust.LIKELY


RULES = (
    Rule("self_harm", "suicide", trust=Trust.STRONG),
    Rule("self_harm", "self_injury", trust=Trust.STRONG),
    Rule("self_harm", "hopeless"),
    Rule("self_harm", "ingest", "method", window=4),
    Rule("self_harm", "absence", "relief", window=6),
    Rule("self_harm", "unwilling", "wake", window=3),
    Rule("self_harm", "farewell"),
    Rule("self_harm", "absence", "child", window=8, trust=Trust.HINT),
    Rule("self_harm", "method", trust=Trust.HINT),
    Rule("self_harm", "finality", trust=Trust.HINT),
    Rule("self_harm", "method", "finality", window=10),
    Rule("self_harm", "method", "self", window=5),
    Rule("child", "child", "child_harm", window=6),
    Rule("child", "child", "harm", window=6, trust=Trust.HINT),
    Rule("child", "child", "sexual", window=8),
    Rule("child", "child", "injury", window=8),
    Rule("child", "child", "fear", window=6),
    Rule("child", "child", "captive", window=8),
    Rule("violence", "harm_me", trust=Trust.STRONG),
    Rule("violence", "person", "harm", window=6),
    Rule("violence", "captive", trust=Trust.STRONG),
    Rule("violence", "sexual", trust=Trust.STRONG),
    Rule("violence", "harm", trust=Trust.HINT),
    Rule("violence", "injury"),
    Rule("violence", "fear"),
    Rule("danger", "weapon", "threat", window=8),
    Rule("danger", "weapon", "person", window=6),
    Rule("danger", "emergency"),
    Rule("danger", "in_danger", trust=Trust.STRONG),
    Rule("danger", "kill_threat"),
    Rule("danger", "kill_threat", "plea", window=8, trust=Trust.STRONG),
    Rule("danger", "intrusion", trust=Trust.STRONG),
    Rule("danger", "weapon", "plea", window=8),
    Rule("danger", "weapon", trust=Trust.HINT),
)


# Concept words and phrases of this many characters count in a message of any language.
ANY_LANGUAGE_SIZE = 7
# The concept whose words silence the rules they stand near (see the module docstring), and how near.
VETO = "veto"
VETO_WINDOW = 4
# Who a rule speaks of is never silenced, only what it says happens: in "help with the rent form; my husband
# is choking me" the rent is near the husband but not near the choking.
SUBJECTS = frozenset({"person", "child", "self"})


class Found(NamedTuple):
    """A concept word found: its concept, the language of the word, and the words of the text it covers."""

    concept: str
    language: str
    first: int
    last: int
    size: int


def _key(phrase: str, form: str) -> str:
    # A final * keeps the key open on the right: the phrase is a stem ("beat*" meets "beats", "beaten").
    return f" {form}" if phrase.endswith("*") else f" {form} "


@cache
def _automata() -> tuple[Automaton, Automaton]:
    """Automata over the text and over its sound skeleton, from each key to its (concept, language) pairs."""
    plain: dict[str, set[tuple[str, str]]] = {}
    sound: dict[str, set[tuple[str, str]]] = {}
    for language, concepts in crisis_concepts().items():
        for concept, phrases in concepts.items():
            for phrase in phrases:
                if normalise(phrase):
                    plain.setdefault(_key(phrase, normalise(phrase)), set()).add((concept, language))
                if has_greek(phrase):
                    sound.setdefault(_key(phrase, skeleton(phrase)), set()).add((concept, language))
    return (
        Automaton({key: tuple(sorted(values)) for key, values in plain.items()}),
        Automaton({key: tuple(sorted(values)) for key, values in sound.items()}),
    )


def find_concepts(plain: str) -> Iterator[Found]:
    """The concept words in a normalised text, each with the words it covers (counted from 0)."""
    plain_automaton, sound_automaton = _automata()
    # The skeleton keeps every space, so words have the same numbers in the text and in its skeleton.
    for automaton, haystack in ((plain_automaton, f" {plain} "), (sound_automaton, f" {skeleton(plain)} ")):
        for stop, key, values in automaton.found(haystack):
            first = haystack.count(" ", 0, stop - len(key) + 1) - 1
            last = first + key.strip().count(" ")
            for concept, language in values:
                yield Found(concept, language, first, last, len(key.strip()))


def _near(item: Found, others: list[Found], window: int) -> bool:
    """Tell whether any of the others stands within a window of words of an item (overlapping counts)."""
    return any(max(item.first - other.last, other.first - item.last) <= window for other in others)


def vetoes(found: list[Found], languages: frozenset[str] | None = None) -> list[Found]:
    """The veto words among the concepts found that count in the given languages (see ``fired``)."""
    return [item for item in _counting(found, languages) if item.concept == VETO]


def _counting(found: list[Found], languages: frozenset[str] | None) -> list[Found]:
    return [
        item
        for item in found
        if languages is None or item.language in languages or item.size >= ANY_LANGUAGE_SIZE
    ]


def fired(found: list[Found], languages: frozenset[str] | None = None) -> list[tuple[Rule, Found]]:
    """The rules the concepts found satisfy, each with the concept word that names the language.

    Short words count only in the given languages (all when None): Urdu "اور" (and) is Pashto "fire", French
    "du" is Kurmanji "smoke". Longer words and phrases count whatever the language: the same letters there are
    mostly the same word (Persian and Urdu "خودکشی"), and Greeklish often goes unrecognised as Greek. A rule
    that is not strong does not count on words that stand near a veto word ("the *deadline* is killing me").
    """
    by_concept: dict[str, list[Found]] = {}
    counting = _counting(found, languages)
    for item in counting:
        by_concept.setdefault(item.concept, []).append(item)
    silencers = by_concept.get(VETO, [])
    results = []
    for rule in RULES:
        firsts = by_concept.get(rule.first, [])
        if rule.trust is not Trust.STRONG and silencers and rule.first not in SUBJECTS:
            firsts = [item for item in firsts if not _near(item, silencers, VETO_WINDOW)]
        if rule.second is None:
            if firsts:
                results.append((rule, firsts[0]))
            continue
        seconds = by_concept.get(rule.second, [])
        if rule.trust is not Trust.STRONG and silencers and rule.second not in SUBJECTS:
            seconds = [item for item in seconds if not _near(item, silencers, VETO_WINDOW)]
        pair = next(
            (
                (one, other)
                for one in firsts
                for other in seconds
                if one.first != other.first
                and max(one.first - other.last, other.first - one.last) <= rule.window
            ),
            None,
        )
        if pair is not None:
            results.append((rule, pair[1]))
    return results
