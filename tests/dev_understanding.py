"""Understanding measured on the DEVELOPMENT set (tests/data/dev/), which is tuned on — never the held-out one.

    .venv/bin/python tests/dev_understanding.py [--misses] [--check-misses] [--round2]

Prints crisis recall ("alarm" or "unsure"), false alarms and intent accuracy, per language, for the "tune"
split and the "check" split (every third message, whose misses are not looked at while tuning), and the mean
time per message. --misses lists the tune split's misses; --check-misses the check split's too. --round2
measures the second round's set instead (round2_*.toml: crisis, ordinary and first messages with their
language), with the time per message of each step (mean and 99th percentile).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEV = Path(__file__).resolve().parent / "data" / "dev"
ROWS = ("el", "el-Latn", "en", "ar", "fa", "uk", "ur", "fr", "sq", "ps", "ku", "so", "ru")


@dataclass(frozen=True)
class Item:
    lang: str
    text: str
    label: str
    split: str


def load(name: str, table: str, label: str) -> list[Item]:
    """A dev file's items; the third of them (index % 3 == 2) is the check split."""
    with (DEV / f"{name}.toml").open("rb") as file:
        items = tomllib.load(file)[table]
    return [
        Item(item["lang"], item["text"], item.get(label, ""), "check" if index % 3 == 2 else "tune")
        for index, item in enumerate(items)
    ]


def figures() -> dict[str, dict[str, tuple[int, int, list[Item]]]]:
    """Per split and measure: hits, total and misses."""
    from bot.understanding.crisis import assess_crisis
    from bot.understanding.intents import classify_intent
    from bot.understanding.language import detect_language

    out: dict[str, dict[str, tuple[int, int, list[Item]]]] = {}
    crisis, ordinary = load("crisis_dev", "crisis", "kind"), load("ordinary_dev", "ordinary", "")
    first = load("intents_dev", "message", "intent")
    for split in ("tune", "check"):
        rows: dict[str, tuple[int, int, list[Item]]] = {}
        found = [(item, assess_crisis(item.text)) for item in crisis if item.split == split]
        missed = [item for item, assessment in found if assessment.certainty is None]
        rows["recall"] = (len(found) - len(missed), len(found), missed)
        alarms = [item for item in ordinary if item.split == split and assess_crisis(item.text).certainty]
        total = sum(item.split == split for item in ordinary)
        rows["false_alarms"] = (len(alarms), total, alarms)
        asked = [item for item in first if item.split == split]
        wrong = [
            item
            for item in asked
            if classify_intent(item.text, detect_language(item.text)).intent.value != item.label
        ]
        rows["intents"] = (len(asked) - len(wrong), len(asked), wrong)
        out[split] = rows
    return out


def per_language(items: list[Item], wrong: list[Item]) -> str:
    totals, misses = Counter(item.lang for item in items), Counter(item.lang for item in wrong)
    return " ".join(f"{row} {totals[row] - misses[row]}/{totals[row]}" for row in ROWS if totals[row])


def timing() -> float:
    from bot.understanding import crisis as crisis_module
    from bot.understanding import text as text_module

    items = load("crisis_dev", "crisis", "kind") + load("ordinary_dev", "ordinary", "")
    samples = []
    for round_ in range(3):
        for item in items:
            text_module.normalise.cache_clear()
            text_module.skeleton.cache_clear()
            started = time.perf_counter()
            crisis_module.assess_crisis(item.text)
            if round_:
                samples.append((time.perf_counter() - started) * 1000)
    return statistics.fmean(samples)


def round2(show: set[str]) -> None:
    """The second round's figures per split and language, with misses of the splits in ``show``."""
    from bot.understanding.crisis import assess_crisis
    from bot.understanding.intents import classify_intent
    from bot.understanding.language import detect_language

    crisis, ordinary = load("round2_crisis", "crisis", "kind"), load("round2_ordinary", "ordinary", "")
    first = load("round2_first", "message", "intent")
    for split in ("tune", "check"):
        print(f"== round 2, {split}")
        items = [item for item in crisis if item.split == split]
        assessed = [(item, assess_crisis(item.text)) for item in items]
        missed = [item for item, found in assessed if found.certainty is None]
        alarms = sum(found.certainty == "alarm" for _item, found in assessed)
        kinds = sum(found.kind is not None and found.kind.value == item.label for item, found in assessed)
        print(
            f"  recall        {len(items) - len(missed)}/{len(items)}  alarm-only {alarms}  kind right {kinds}"
        )
        print("    ", per_language(items, missed))
        listed = [("recall", item.lang, item.label, item.text) for item in missed]
        items = [item for item in ordinary if item.split == split]
        raised = [item for item in items if assess_crisis(item.text).certainty]
        print(f"  false_alarms  {len(raised)}/{len(items)}", dict(Counter(item.lang for item in raised)))
        listed += [("alarm", item.lang, "", item.text) for item in raised]
        items = [item for item in first if item.split == split]
        detected = {item: detect_language(item.text) for item in items}
        wrong_language = [item for item in items if str(detected[item]) != item.lang.split("-")[0]]
        print(f"  language      {len(items) - len(wrong_language)}/{len(items)}")
        print("    ", per_language(items, wrong_language))
        listed += [("language", item.lang, str(detected[item]), item.text) for item in wrong_language]
        wrong = [
            item for item in items if classify_intent(item.text, detected[item]).intent.value != item.label
        ]
        print(f"  intents       {len(items) - len(wrong)}/{len(items)}")
        print("    ", per_language(items, wrong))
        listed += [("intent", item.lang, item.label, item.text) for item in wrong]
        if split in show:
            for what, lang, label, text in listed:
                print(f"       {what:9} {lang:8} {label:12} {text}")
    texts = [item.text for item in crisis + ordinary + first]
    steps: tuple[tuple[str, object], ...] = (
        ("crisis", assess_crisis),
        ("language", detect_language),
        ("intent", classify_intent),
    )
    for name, step in steps:
        mean, p99, p99_best = step_timing(step, texts)
        print(
            f"{name:9} mean {mean:.2f} ms, p99 {p99:.2f} ms, p99 of best-of-2 {p99_best:.2f} ms (cold caches)"
        )


def step_timing(step: object, texts: list[str]) -> tuple[float, float, float]:
    """Mean and 99th percentile of one step's time per message, with the text caches cleared each time, and the
    99th percentile of each message's best of two runs (what the code costs, less the machine's other load)."""
    from bot.understanding import language as language_module
    from bot.understanding import text as text_module

    samples = []
    best: dict[str, float] = {}
    for round_ in range(3):
        for text in texts:
            text_module.normalise.cache_clear()
            text_module.skeleton.cache_clear()
            language_module._ranked.cache_clear()
            started = time.perf_counter()
            step(text)  # type: ignore[operator]
            if round_:
                samples.append((time.perf_counter() - started) * 1000)
                best[text] = min(best.get(text, samples[-1]), samples[-1])
    samples.sort()
    bests = sorted(best.values())
    return statistics.fmean(samples), samples[int(len(samples) * 0.99)], bests[int(len(bests) * 0.99)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--check-misses", action="store_true")
    parser.add_argument("--round2", action="store_true")
    args = parser.parse_args()
    if args.round2:
        round2({split for split, wanted in (("tune", args.misses), ("check", args.check_misses)) if wanted})
        return
    result = figures()
    crisis, ordinary = load("crisis_dev", "crisis", "kind"), load("ordinary_dev", "ordinary", "")
    first = load("intents_dev", "message", "intent")
    for split in ("tune", "check"):
        print(f"== {split}")
        for name, items in (("recall", crisis), ("false_alarms", ordinary), ("intents", first)):
            hits, total, listed = result[split][name]
            mine = [item for item in items if item.split == split]
            print(f"  {name:13} {hits}/{total} = {hits / total:.1%}")
            if name == "false_alarms":
                print("     alarms by language:", dict(Counter(item.lang for item in listed)))
            else:
                print("    ", per_language(mine, listed))
            if (split == "tune" and args.misses) or (split == "check" and args.check_misses):
                for item in listed:
                    print(f"       {item.lang:8} {item.label:12} {item.text}")
    print(f"assess_crisis mean {timing():.2f} ms per message (cold text caches)")


if __name__ == "__main__":
    main()
