"""The share at which the Latin-letter language model may name a language of another script: by cross-validation.

    .venv/bin/python tests/dev_latin.py [--folds 5]

Trains the model of ``bot.understanding.language.latin_classifier`` on four fifths of its TRAINING examples
(never a held-out set) and reads the fifth: for each share, how many romanised messages of Arabic, Persian,
Urdu, Pashto, Russian and Ukrainian it names rightly, and how many texts of the Latin-script languages (and
Greeklish) it would wrongly take for one of those.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SHARES = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)


def main() -> None:
    """Print recall and false naming per share."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    folds = parser.parse_args().folds
    from bot.understanding.language import _ROMANISABLE, latin_examples
    from bot.understanding.models import train

    romanisable = {language.value for language in _ROMANISABLE}
    texts, labels = latin_examples()
    right = {share: 0 for share in SHARES}
    wrong = {share: 0 for share in SHARES}
    for fold in range(folds):
        train_rows = [index for index in range(len(texts)) if index % folds != fold]
        model = train([texts[index] for index in train_rows], [labels[index] for index in train_rows])
        for index in range(fold, len(texts), folds):
            code, share = model.best(texts[index])
            for threshold in SHARES:
                if code in romanisable and share >= threshold:
                    right[threshold] += code == labels[index]
                    wrong[threshold] += labels[index] not in romanisable
    roman = sum(label in romanisable for label in labels)
    latin = len(labels) - roman
    print(f"{roman} romanised examples, {latin} of Latin-script languages and Greeklish, {folds} folds")
    for share in SHARES:
        print(
            f"share {share:.2f}: romanised named rightly {right[share] / roman:.1%}, "
            f"Latin texts taken for another script {wrong[share] / latin:.2%}"
        )


if __name__ == "__main__":
    main()
