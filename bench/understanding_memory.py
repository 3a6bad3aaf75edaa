"""Benchmark: what each part of understanding adds to a process's resident memory, in the order it loads.

    .venv/bin/python bench/understanding_memory.py [--models DIR]

Loads, one after another as the first answer does, NumPy, the language identifier (py3langid restricted to our
twelve languages, its transitions mapped from the models folder once kept; the word lists, the Latin-letter
model), the crisis lexicon's automata (the safe phrases apart), and the recall, intent and category
classifiers (from the kept models when present), and prints the resident memory and the wall time each step
adds (Linux ``/proc/self/statm``). Run it twice with the same new ``--models`` folder to see a first start
(models fitted and kept) against a later one (models loaded).
bench/footprint.py measures the whole server.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PAGE = 4096


def resident_mb() -> float:
    """This process's resident memory in MB."""
    with Path("/proc/self/statm").open() as statm:
        return int(statm.read().split()[1]) * PAGE / 2**20


def main() -> None:
    """Load each part and print what it added."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=Path, help="where fitted models are kept (default: the setting's)")
    folder = parser.parse_args().models
    from bot.understanding.models import keep_models_in
    from frontdesk.settings import Settings

    keep_models_in(folder or Settings().model_cache_dir)

    def numpy() -> None:
        import numpy  # noqa: F401

    def language() -> None:
        from bot.understanding.language import detect_language

        detect_language("I need food for my family, please help")

    def safe_phrases() -> None:
        from bot.understanding import crisis

        crisis._safe_lines()

    def crisis_lexicon() -> None:
        from bot.understanding import crisis

        crisis._crisis_automata()

    def classifiers() -> None:
        from bot.understanding.crisis import crisis_classifier
        from bot.understanding.intents import category_classifier, intent_classifier

        for classifier in (crisis_classifier(), intent_classifier(), category_classifier()):
            classifier.best("I need food for my family, please help")  # mapped pages count once looked up

    steps: list[tuple[str, Callable[[], None]]] = [
        ("NumPy", numpy),
        ("language identification", language),
        ("crisis lexicon: safe phrases", safe_phrases),
        ("crisis lexicon: crisis phrases", crisis_lexicon),
        ("recall, intent and category classifiers", classifiers),
    ]
    start = before = resident_mb()
    print(f"{'process with the project imported':42} {before:6.1f} MB")
    seconds = 0.0
    for name, step in steps:
        started = time.perf_counter()
        step()
        took, after = time.perf_counter() - started, resident_mb()
        print(f"{name:42} +{after - before:5.1f} MB  {took:5.2f} s")
        before, seconds = after, seconds + took
    print(f"{'understanding in all':42} +{before - start:5.1f} MB  {seconds:5.2f} s")


if __name__ == "__main__":
    main()
