"""Benchmark: crisis detection per message, over the committed crisis test set.

    .venv/bin/python bench/crisis_matching.py [--rounds 5] [--baseline]

Times the one-off load of the crisis lexicon (TOML read, spelling out, automata), then detect_crisis on every
message of tests/data/crisis_cases.toml (crisis and ordinary ones) after a warm-up round, each call with a cold
skeleton cache as for a new message. With --baseline it also times, in the same run, the per-pattern loop
detect_crisis used before the automata, over the same spelt-out phrases, checks that both give the same answer
on every message, and prints the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.understanding import crisis, lexicon
from bot.understanding.crisis import PRECEDENCE, CrisisKind, CrisisSignal, detect_crisis
from bot.understanding.text import has_greek, normalise, skeleton

CASES = Path(__file__).resolve().parent.parent / "tests" / "data" / "crisis_cases.toml"


@dataclass(frozen=True)
class LoopPattern:
    kind: CrisisKind
    language: str
    plain: str
    sound: str | None


def loop_patterns() -> tuple[tuple[LoopPattern, ...], tuple[str, ...]]:
    """The patterns and safe phrases as the loop used them, built from the same spelt-out lexicon."""
    patterns = []
    for language, kinds in lexicon.crisis_phrases().items():
        for kind_name, phrases in kinds.items():
            for phrase in phrases:
                sound = f" {skeleton(phrase)} " if has_greek(phrase) else None
                patterns.append(LoopPattern(CrisisKind(kind_name), language, f" {normalise(phrase)} ", sound))
    return tuple(patterns), tuple(f" {normalise(phrase)} " for phrase in lexicon.safe_phrases())


def loop_detect(text: str, patterns: tuple[LoopPattern, ...], safe: tuple[str, ...]) -> CrisisSignal | None:
    """detect_crisis as it was before the automata: every pattern tried in turn."""
    plain = f" {normalise(text)} "
    if len(plain) <= 3:
        return None
    for phrase in safe:
        plain = plain.replace(phrase, " ")
    sound = f" {skeleton(plain)} "
    found: dict[CrisisKind, str] = {}
    for pattern in patterns:
        if pattern.kind in found:
            continue
        if pattern.plain in plain or (pattern.sound is not None and pattern.sound in sound):
            found[pattern.kind] = pattern.language
    for kind in PRECEDENCE:
        if kind in found:
            return CrisisSignal(kind, found[kind])
    return None


def load_texts() -> list[str]:
    with CASES.open("rb") as file:
        data = tomllib.load(file)
    return [case["text"] for case in (*data["crisis"], *data["ordinary"])]


def timed_ms(step: Callable[[], object]) -> float:
    started = time.perf_counter()
    step()
    return (time.perf_counter() - started) * 1000


def per_message(label: str, detect: Callable[[str], object], texts: list[str], rounds: int) -> float:
    """Print and return the mean milliseconds per message; the first round warms up and is not counted."""
    samples = []
    for round_ in range(rounds + 1):
        for text in texts:
            skeleton.cache_clear()
            started = time.perf_counter()
            detect(text)
            if round_:
                samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    mean, p99 = statistics.fmean(samples), samples[int(len(samples) * 0.99)]
    print(f"  {label:<24} mean {mean:7.3f} ms   p99 {p99:7.3f} ms   max {samples[-1]:7.3f} ms")
    return mean


def main(rounds: int, baseline: bool) -> None:
    read = timed_ms(lambda: [lexicon._read(name) for name in lexicon._files()])
    spell = timed_ms(lexicon.crisis_phrases)
    # The safe lines are spelt out and compiled together, one pattern each (their spellings are not kept).
    build = timed_ms(lambda: (crisis._crisis_automata(), crisis._safe_lines()))
    patterns = sum(len(phrases) for kinds in lexicon.crisis_phrases().values() for phrases in kinds.values())
    print(f"lexicon: {patterns:,} crisis spellings, {len(lexicon.safe_phrases()):,} safe spellings")
    print(
        f"load once: read {read:.0f} ms + spell out {spell:.0f} ms + automata and safe patterns {build:.0f} ms"
        f" = {read + spell + build:.0f} ms"
    )
    texts = load_texts()
    print(f"per message ({len(texts)} messages x {rounds} rounds, after one warm-up round):")
    mean = per_message("automata", detect_crisis, texts, rounds)
    if not baseline:
        return
    loop_build = timed_ms(loop_patterns)
    loop, safe = loop_patterns()
    loop_mean = per_message("per-pattern loop", lambda text: loop_detect(text, loop, safe), texts, rounds)
    print(f"  loop patterns built in {loop_build:.0f} ms (after the same read and spelling out)")
    print(f"  automata are {loop_mean / mean:.1f}x faster per message (mean)")
    differ = [text for text in texts if detect_crisis(text) != loop_detect(text, loop, safe)]
    print(
        f"  same answer on every message: {'yes' if not differ else f'NO, {len(differ)} differ: {differ[:5]}'}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline", action="store_true", help="also time the old per-pattern loop")
    arguments = parser.parse_args()
    main(arguments.rounds, arguments.baseline)
