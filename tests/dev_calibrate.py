"""Thresholds of the crisis recall layer chosen by cross-validation on the TRAINING examples — never held-out.

    .venv/bin/python tests/dev_calibrate.py [--folds 5] [--max-false 0.03]

The recall classifier is trained on four fifths of its examples (crisis kinds, and ordinary messages: the
intent examples and the harmless ones with alarming words) and scores the fifth it has not seen; the whole
decision (lexicon alarm and its hyperbole veto, concept rules overruled by the classifier, the classifier alone)
is then replayed for every grid of thresholds. Printed: the best grids by recall of the crisis examples with
false alarms on the ordinary ones (all, and the hard ones with alarming words) at most --max-false.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


@dataclass(frozen=True)
class Scored:
    label: str  # a crisis kind, "ordinary" (intent examples) or "hard" (ordinary with alarming words)
    alarm: str | None  # the lexicon's kind
    vetoed: bool  # a veto word counts in the message
    rules: tuple[str, ...]  # trust of each rule fired before the classifier's say
    ordinary: float  # the fold classifier's ordinary share


def examples() -> list[tuple[str, str]]:
    from bot.understanding.lexicon import crisis_examples, intent_examples, request_examples

    rows = []
    for language, kinds in crisis_examples().items():
        for label, texts in kinds.items():
            rows += [(text, "hard" if label == "ordinary" else label) for text in texts]
        for table in (intent_examples()[language], request_examples()[language]):
            for texts in table.values():
                rows += [(text, "ordinary") for text in texts]
    return rows


def score(folds: int, hard_weight: float = 1.0) -> list[Scored]:
    from sklearn.model_selection import StratifiedKFold

    from bot.understanding.concepts import find_concepts, fired, vetoes
    from bot.understanding.crisis import ORDINARY, _likely_languages, _without_safe_phrases, detect_crisis
    from bot.understanding.models import train
    from bot.understanding.text import normalise

    rows = examples()
    labels = [label for _text, label in rows]
    scored: list[Scored] = []
    for rest, held in StratifiedKFold(folds, shuffle=True, random_state=0).split(rows, labels):
        classifier = train(
            [rows[i][0] for i in rest],
            [ORDINARY if labels[i] == "hard" else labels[i] for i in rest],
            weights=[hard_weight if labels[i] == "hard" else 1.0 for i in rest],
        )
        for i in held:
            text = rows[i][0]
            signal = detect_crisis(text)
            plain = _without_safe_phrases(f" {normalise(text)} ").strip()
            concepts, languages = list(find_concepts(plain)), _likely_languages(text)
            rules = tuple(rule.trust.value for rule, _found in fired(concepts, languages))
            scored.append(
                Scored(
                    labels[i],
                    signal.kind.value if signal else None,
                    bool(vetoes(concepts, languages)),
                    rules,
                    classifier.shares(text)[ORDINARY],
                )
            )
    return scored


def raised(item: Scored, grid: dict[str, float]) -> bool:
    """The decision of bot/understanding/crisis.py with the grid's thresholds: alarm or "unsure"."""
    if item.alarm and not (
        item.alarm in ("violence", "danger") and item.vetoed and item.ordinary >= grid["alarm"]
    ):
        return True
    veto = {"strong": 2.0, "likely": grid["likely"], "hint": grid["hint"]}
    if any(item.ordinary < veto[trust] for trust in item.rules):
        return True
    return 1 - item.ordinary >= (grid["vetoed"] if item.vetoed else grid["min"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--max-false", type=float, default=0.03)
    args = parser.parse_args()
    from bot.understanding.crisis import HARD_WEIGHT

    scored = score(args.folds, HARD_WEIGHT)
    crisis = [item for item in scored if item.label not in ("ordinary", "hard")]
    hard = [item for item in scored if item.label == "hard"]
    ordinary = [item for item in scored if item.label in ("ordinary", "hard")]
    grids = [
        dict(zip(("min", "vetoed", "likely", "hint", "alarm"), values, strict=True))
        for values in itertools.product(
            (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6),
            (0.6, 0.75, 0.9),
            (0.9, 0.95, 0.97, 0.99),
            (0.6, 0.7, 0.8, 0.9),
            (0.9, 0.95, 0.97),
        )
    ]
    results = []
    for grid in grids:
        recall = sum(raised(item, grid) for item in crisis) / len(crisis)
        false_all = sum(raised(item, grid) for item in ordinary) / len(ordinary)
        false_hard = sum(raised(item, grid) for item in hard) / len(hard)
        results.append((recall, -false_hard, -false_all, grid))
    print(
        f"{len(crisis)} crisis, {len(hard)} hard ordinary, {len(ordinary)} ordinary examples, {args.folds} folds"
    )
    allowed = [result for result in results if -result[2] <= args.max_false]
    for recall, false_hard, false_all, grid in sorted(allowed, key=lambda r: r[:3], reverse=True)[:12]:
        print(f"recall {recall:.1%}  false {-false_all:.1%} (hard {-false_hard:.1%})  {grid}")
    current = {"min": 0.5, "vetoed": 0.75, "likely": 0.97, "hint": 0.9, "alarm": 0.97}
    recall = sum(raised(item, current) for item in crisis) / len(crisis)
    print(
        f"current: recall {recall:.1%}, false {sum(raised(i, current) for i in ordinary) / len(ordinary):.1%}"
        f" (hard {sum(raised(i, current) for i in hard) / len(hard):.1%})"
    )


if __name__ == "__main__":
    main()
