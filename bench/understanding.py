"""Benchmark: understanding measured on the held-out sets (language, crisis, intent), before and after.

    .venv/bin/python bench/understanding.py [--rounds 3]
    .venv/bin/python bench/understanding.py --record-baseline   # once, on the code before the layered models

Reads tests/data/heldout/{first_messages,crisis,ordinary}.toml, written apart from the lexicons and the
training examples, and prints aggregate figures only (never a message): language accuracy of first messages,
crisis recall ("alarm" or "unsure"), alarm-only recall, kind accuracy and false alarms, intent accuracy, each
overall and per language, and the mean and p99 time per message of each function (caches of normal forms and
language rankings cleared before each call). The "before" column comes
from bench/understanding_baseline.json, written by --record-baseline with the functions of that time
(detect_language, detect_crisis, guess_intent); "after" uses detect_language, assess_crisis and
classify_intent (given the detected language, as the conversation does).

The old guess_intent knows menu options, not intents: its option "info" (hours and address on one page) is
counted right for both hours and address, which flatters the baseline.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import tomllib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "data" / "heldout"
heldout_dir = HELDOUT  # --heldout picks another set (e.g. tests/data/heldout-r4, written later and apart)
BASELINE = Path(__file__).resolve().parent / "understanding_baseline.json"
GREEKLISH = "el-Latn"
ROWS = ("el", GREEKLISH, "en", "ar", "fa", "uk", "ur", "fr", "sq", "ps", "ku", "so", "ru")
INTENTS = (
    "greeting", "hours", "address", "documents", "benefits", "food_aid", "appointment", "mobile_unit", "agent",
    "my_bookings", "request", "stop", "language",
)  # fmt: skip
# What the old guess_intent's answers stand for, as intents (see the module docstring).
OLD_INTENTS = {
    "greeting": {"greeting"},
    "info": {"hours", "address"},
    "request": {"request"},
    "appointment": {"appointment"},
    "mobile": {"mobile_unit"},
    "bookings": {"my_bookings"},
    "agent": {"agent"},
    "language": {"language"},
    "command:stop": {"stop"},
    "command:language": {"language"},
    "command:agent": {"agent"},
}


@dataclass(frozen=True)
class Message:
    lang: str
    text: str
    label: str  # kind for crisis messages, intent for first messages, "" for ordinary ones

    @property
    def language(self) -> str:
        return "el" if self.lang == GREEKLISH else self.lang


@dataclass(frozen=True)
class Readers:
    """The functions measured, each reduced to what the figures need."""

    language: Callable[[str], str | None]
    crisis: Callable[[str], tuple[str | None, str | None]]  # (kind, certainty "alarm" | "unsure" | None)
    intent: Callable[[str], set[str]]  # the intents counted right for the answer


def load(name: str, table: str, label: str) -> list[Message]:
    path = heldout_dir / f"{name}.toml"
    if not path.exists():  # round 6 is crisis and ordinary messages only: its first messages are round 5's
        path = HELDOUT.parent / "heldout-r5" / f"{name}.toml"
    with path.open("rb") as file:
        items = tomllib.load(file)[table]
    return [Message(item["lang"], item["text"], item.get(label, "")) for item in items]


def old_readers() -> Readers:
    from bot.understanding.crisis import detect_crisis
    from bot.understanding.intents import guess_intent
    from bot.understanding.language import detect_language

    def crisis(text: str) -> tuple[str | None, str | None]:
        signal = detect_crisis(text)
        return (None, None) if signal is None else (signal.kind.value, "alarm")

    def intent(text: str) -> set[str]:
        return OLD_INTENTS.get(guess_intent(text) or "", set())

    def language(text: str) -> str | None:
        detected = detect_language(text)
        return None if detected is None else detected.value

    return Readers(language, crisis, intent)


def new_readers() -> Readers:
    from bot.understanding.crisis import assess_crisis
    from bot.understanding.intents import classify_intent
    from bot.understanding.language import detect_language

    def language(text: str) -> str | None:
        detected = detect_language(text)
        return None if detected is None else detected.value

    def crisis(text: str) -> tuple[str | None, str | None]:
        assessment = assess_crisis(text)
        kind = None if assessment.kind is None else assessment.kind.value
        return kind, assessment.certainty

    def intent(text: str) -> set[str]:
        return {classify_intent(text, detect_language(text)).intent}

    return Readers(language, crisis, intent)


def share(hits: int, total: int) -> float | None:
    return hits / total if total else None


def by_row(messages: Sequence[Message], right: Callable[[Message], bool]) -> dict[str, Any]:
    totals = Counter(message.lang for message in messages)
    hits: Counter[str] = Counter()
    for message in messages:
        hits[message.lang] += right(message)
    return {
        "overall": share(sum(hits.values()), len(messages)),
        "rows": {row: share(hits[row], totals[row]) for row in ROWS if totals[row]},
    }


def measure(readers: Readers, rounds: int) -> dict[str, Any]:
    first = load("first_messages", "message", "intent")
    crisis = load("crisis", "crisis", "kind")
    ordinary = load("ordinary", "ordinary", "")
    assessed = {message.text: readers.crisis(message.text) for message in (*crisis, *ordinary)}
    found = [message for message in crisis if assessed[message.text][1] is not None]
    intents = {message.text: readers.intent(message.text) for message in first}
    per_intent = {
        intent: share(
            sum(intent in intents[message.text] for message in first if message.label == intent),
            sum(message.label == intent for message in first),
        )
        for intent in INTENTS
    }
    return {
        "language": by_row(first, lambda message: readers.language(message.text) == message.language),
        "crisis_recall": by_row(crisis, lambda message: assessed[message.text][1] is not None),
        "alarm_recall": by_row(crisis, lambda message: assessed[message.text][1] == "alarm"),
        "kind_accuracy": by_row(found, lambda message: assessed[message.text][0] == message.label),
        "false_alarms": by_row(ordinary, lambda message: assessed[message.text][1] is not None),
        "intent": {
            **by_row(first, lambda message: message.label in intents[message.text]),
            "per_intent": per_intent,
        },
        "timing": timing(readers, rounds, first, (*crisis, *ordinary)),
    }


def timing(
    readers: Readers, rounds: int, first: Sequence[Message], crisis: Sequence[Message]
) -> dict[str, dict[str, float]]:
    """Mean and p99 milliseconds per message of each function, after a warm-up round."""
    figures = {}
    for name, function, messages in (
        ("language", readers.language, first),
        ("crisis", readers.crisis, crisis),
        ("intent", readers.intent, first),
    ):
        samples = []
        for round_ in range(rounds + 1):
            for message in messages:
                clear_caches()
                started = time.perf_counter()
                function(message.text)
                if round_:
                    samples.append((time.perf_counter() - started) * 1000)
        samples.sort()
        figures[name] = {"mean_ms": statistics.fmean(samples), "p99_ms": samples[int(len(samples) * 0.99)]}
    return figures


def clear_caches() -> None:
    """Forget what earlier calls cached about texts, so that every timed call reads its message afresh."""
    from bot.understanding import language, text

    for module, name in ((text, "normalise"), (text, "skeleton"), (language, "_ranked")):
        clear = getattr(getattr(module, name, None), "cache_clear", None)
        if clear is not None:
            clear()


def cell(value: float | None) -> str:
    return "     -" if value is None else f"{value:6.1%}"


def print_table(title: str, key: str, before: dict[str, Any] | None, after: dict[str, Any]) -> None:
    print(f"\n{title}")
    print(f"  {'':<10} {'before':>7} {'after':>7}")
    for row in ("overall", *ROWS):
        now = after[key]["overall"] if row == "overall" else after[key]["rows"].get(row)
        then = None
        if before is not None:
            then = before[key]["overall"] if row == "overall" else before[key]["rows"].get(row)
        if now is not None or then is not None:
            print(f"  {row:<10} {cell(then):>7} {cell(now):>7}")


def report(before: dict[str, Any] | None, after: dict[str, Any]) -> None:
    print_table("First-message language accuracy (el-Latn counts as el)", "language", before, after)
    print_table("Crisis recall (alarm or unsure)", "crisis_recall", before, after)
    print_table("Crisis recall, alarm only", "alarm_recall", before, after)
    print_table("Crisis kind accuracy (of the messages caught)", "kind_accuracy", before, after)
    print_table("False alarms on ordinary messages (alarm or unsure)", "false_alarms", before, after)
    print_table("First-message intent accuracy", "intent", before, after)
    print("\nIntent accuracy per intent")
    print(f"  {'':<12} {'before':>7} {'after':>7}")
    for intent in INTENTS:
        then = None if before is None else before["intent"]["per_intent"].get(intent)
        print(f"  {intent:<12} {cell(then):>7} {cell(after['intent']['per_intent'][intent]):>7}")
    print("\nTime per message (ms)")
    print(f"  {'':<10} {'before mean':>12} {'p99':>7} {'after mean':>11} {'p99':>7}")
    for name, figures in after["timing"].items():
        old = None if before is None else before["timing"][name]
        then = "           -       -" if old is None else f"{old['mean_ms']:12.3f} {old['p99_ms']:7.3f}"
        print(f"  {name:<10} {then} {figures['mean_ms']:11.3f} {figures['p99_ms']:7.3f}")


def main(rounds: int, record_baseline: bool) -> None:
    if record_baseline:
        figures = measure(old_readers(), rounds)
        BASELINE.write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"baseline written to {BASELINE.relative_to(ROOT)}")
        report(None, figures)
        return
    # The recorded baseline was measured on the first held-out set; another set has no "before" column.
    before = (
        json.loads(BASELINE.read_text(encoding="utf-8"))
        if BASELINE.exists() and heldout_dir == HELDOUT
        else None
    )
    started = time.perf_counter()
    readers = new_readers()
    readers.language("kalimera")
    readers.crisis("kalimera")
    readers.intent("kalimera")
    print(f"first use (load and train): {time.perf_counter() - started:.2f} s")
    report(before, measure(readers, rounds))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--record-baseline", action="store_true", help="measure the old functions and write the baseline JSON"
    )
    parser.add_argument(
        "--heldout", type=Path, default=HELDOUT, help="folder of the held-out set to measure on"
    )
    arguments = parser.parse_args()
    heldout_dir = arguments.heldout
    main(arguments.rounds, arguments.record_baseline)
