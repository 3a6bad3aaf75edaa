"""Crisis detection: recall, kind accuracy and false alarms on a multilingual set of real-life messages."""

from __future__ import annotations

import time
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from bot.understanding.crisis import CrisisKind, detect_crisis

CASES = Path(__file__).parent / "data" / "crisis_cases.toml"
LANGUAGES = ("el", "en", "ar", "fa", "uk", "ur", "fr", "sq", "ps", "ku", "so", "ru")
GREEKLISH = "el-Latn"


@dataclass(frozen=True)
class Case:
    lang: str
    text: str
    kind: CrisisKind | None

    @property
    def language(self) -> str:
        """The language proper: Greeklish is Greek."""
        return "el" if self.lang == GREEKLISH else self.lang


@cache
def load_cases() -> tuple[tuple[Case, ...], tuple[Case, ...]]:
    with CASES.open("rb") as file:
        data = tomllib.load(file)
    crisis = tuple(Case(item["lang"], item["text"], CrisisKind(item["kind"])) for item in data["crisis"])
    ordinary = tuple(Case(item["lang"], item["text"], None) for item in data["ordinary"])
    return crisis, ordinary


def test_the_case_set_covers_every_language() -> None:
    crisis, ordinary = load_cases()
    assert len(crisis) >= 150
    assert len(ordinary) >= 150
    for cases in (crisis, ordinary):
        assert {case.language for case in cases} == set(LANGUAGES)
        assert {case.lang for case in cases} <= {*LANGUAGES, GREEKLISH}
    assert sum(case.lang == GREEKLISH for case in crisis) >= 20
    assert len({case.text for case in (*crisis, *ordinary)}) == len(crisis) + len(ordinary), "duplicate texts"


def test_recall_kind_accuracy_and_false_alarms() -> None:
    crisis, ordinary = load_cases()
    signals = [(case, detect_crisis(case.text)) for case in crisis]
    missed = [case for case, signal in signals if signal is None]
    wrong_kind = [
        (case, signal.kind) for case, signal in signals if signal is not None and signal.kind != case.kind
    ]
    alarms = [(case, signal) for case in ordinary if (signal := detect_crisis(case.text)) is not None]

    # The signal's language becomes the citizen's language when they have not chosen one.
    wrong_language = [
        case for case, signal in signals if signal is not None and signal.language != case.language
    ]

    detected = len(crisis) - len(missed)
    recall = detected / len(crisis)
    kind_accuracy = (detected - len(wrong_kind)) / detected if detected else 0.0
    language_accuracy = (detected - len(wrong_language)) / detected if detected else 0.0
    false_alarms = len(alarms) / len(ordinary)

    print()
    print(f"crisis recall {recall:.1%} ({detected}/{len(crisis)})")
    print(f"kind accuracy {kind_accuracy:.1%} ({detected - len(wrong_kind)}/{detected} detected)")
    print(f"language accuracy {language_accuracy:.1%} ({detected - len(wrong_language)}/{detected})")
    print(f"false alarms {false_alarms:.1%} ({len(alarms)}/{len(ordinary)})")
    crisis_by_lang = Counter(case.lang for case in crisis)
    missed_by_lang = Counter(case.lang for case in missed)
    ordinary_by_lang = Counter(case.lang for case in ordinary)
    alarms_by_lang = Counter(case.lang for case, _ in alarms)
    print("lang     crisis  missed  ordinary  alarms")
    for lang in (*LANGUAGES, GREEKLISH):
        print(
            f"{lang:<8} {crisis_by_lang[lang]:>6}  {missed_by_lang[lang]:>6}"
            f"  {ordinary_by_lang[lang]:>8}  {alarms_by_lang[lang]:>6}"
        )

    assert recall >= 0.95, f"missed: {[(case.lang, case.text) for case in missed]}"
    assert kind_accuracy >= 0.85, f"wrong kind: {[(case.text, case.kind, kind) for case, kind in wrong_kind]}"
    assert false_alarms <= 0.02, f"false alarms: {[(case.text, signal.kind) for case, signal in alarms]}"
    assert language_accuracy >= 0.9, f"wrong language: {[(case.lang, case.text) for case in wrong_language]}"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("thelw na pethanw", CrisisKind.SELF_HARM),
        ("8elo na pe8ano", CrisisKind.SELF_HARM),
        ("o antras mou me derni", CrisisKind.VIOLENCE),
        ("me xtypaei", CrisisKind.VIOLENCE),
        ("tha me skotwsei", CrisisKind.DANGER),
        ("eimaste se kindyno", CrisisKind.DANGER),
    ],
)
def test_greeklish_is_read_as_greek(text: str, kind: CrisisKind) -> None:
    signal = detect_crisis(text)
    assert signal is not None
    assert (signal.kind, signal.language) == (kind, "el")


def test_a_crisis_phrase_inside_a_long_message_is_found() -> None:
    text = (
        "Καλησπέρα σας, σας γράφω γιατί πήγα την περασμένη εβδομάδα για το επίδομα στέγασης και μου είπαν να "
        "φέρω κι άλλα χαρτιά. Δεν ξέρω αν προλαβαίνω, γιατί ο άντρας μου με χτυπάει όταν βγαίνω από το σπίτι "
        "και δεν μπορώ να έρθω εύκολα. Μπορεί κάποιος να με πάρει τηλέφωνο το πρωί;"
    )
    signal = detect_crisis(text)
    assert signal is not None
    assert signal.kind is CrisisKind.VIOLENCE


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ΘΕΛΩ ΝΑ ΠΕΘΑΝΩ", CrisisKind.SELF_HARM),
        ("θελω να πεθανω", CrisisKind.SELF_HARM),
        ("Ο ΣΥΖΥΓΟΣ ΜΟΥ ΜΕ ΔΕΡΝΕΙ", CrisisKind.VIOLENCE),
        ("I WANT TO DIE", CrisisKind.SELF_HARM),
        ("JE SUIS EN DANGER", CrisisKind.DANGER),
        ("MY HUSBAND BEATS ME!!!", CrisisKind.VIOLENCE),
        ("МУЖ МЕНЯ БЬЁТ", CrisisKind.VIOLENCE),
        ("أنا في خطر", CrisisKind.DANGER),
    ],
)
def test_case_and_accents_do_not_matter(text: str, kind: CrisisKind) -> None:
    signal = detect_crisis(text)
    assert signal is not None
    assert signal.kind is kind


def test_precedence_puts_the_most_specific_help_first() -> None:
    signal = detect_crisis("he beats me and now he beats my son too, I want to die")
    assert signal is not None
    assert signal.kind is CrisisKind.SELF_HARM


def test_ordinary_phrases_with_crisis_words_are_set_aside_first() -> None:
    assert detect_crisis("a car hit me at the crossing, can I still come tomorrow?") is None
    assert detect_crisis("Με χτύπησε ένα αυτοκίνητο, θα αργήσω") is None
    signal = detect_crisis("a car hit me last week and yesterday my husband hit me")
    assert signal is not None
    assert (signal.kind, signal.language) == (CrisisKind.VIOLENCE, "en")


def test_empty_and_very_long_ordinary_texts_are_quick_and_quiet() -> None:
    assert detect_crisis("") is None
    assert detect_crisis("   ") is None
    _, ordinary = load_cases()
    # Ordinary requests that are quiet one by one stay quiet together: no phrase forms across them.
    long_text = " ".join(case.text for case in ordinary if detect_crisis(case.text) is None)
    long_text = (long_text * (10_000 // len(long_text) + 1))[:10_000]
    started = time.perf_counter()
    assert detect_crisis(long_text) is None
    assert time.perf_counter() - started < 0.5


def test_safe_phrases_are_removed_as_re_sub_would_line_after_line() -> None:
    # The automata must remove what an alternation of each line's spellings (longest first) removes with re.sub,
    # line after line in file order: two spellings of random lines side by side, inside words of a message.
    import random
    import re

    from bot.understanding import crisis
    from bot.understanding.lexicon import safe_phrase_lines
    from bot.understanding.text import normalise

    lines = [
        sorted({normalise(s) for s in spellings if normalise(s)}, key=len, reverse=True)
        for spellings in safe_phrase_lines()
    ]
    lines = [keys for keys in lines if keys]
    patterns: dict[int, re.Pattern[str]] = {}
    chance = random.Random(7)
    for _ in range(150):
        first, second = chance.randrange(len(lines)), chance.randrange(len(lines))
        plain = f" please {chance.choice(lines[first])} {chance.choice(lines[second])} today "
        expected = plain
        for number, keys in enumerate(lines):
            if not any(f" {key} " in expected for key in keys):
                continue  # re.sub would change nothing
            if number not in patterns:
                patterns[number] = re.compile(" (?:" + "|".join(map(re.escape, lines[number])) + ") ")
            expected = patterns[number].sub(" ", expected)
        assert crisis._without_safe_phrases(plain) == expected
