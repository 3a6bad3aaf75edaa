"""Small text classifiers trained at first use from the example messages in ``bot/lexicon/``.

Character n-grams (2 to 5 letters, inside word boundaries) weighed by TF-IDF, and a linear support vector
machine: they generalise over inflections, typos and missing accents in any script, train in a fraction of a
second from a few thousand examples, and answer in well under a millisecond. Greek and Latin text is also read
through its sound skeleton, so that Greek examples teach the model Greeklish. Training is deterministic (a fixed
random state) and offline: no model is downloaded or stored.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.understanding.text import has_greek, normalise, skeleton

_LATIN = re.compile("[a-z]")
# Decision values are spread into shares with this sharpness: 1.0 apart in decision is e**4 ≈ 55 times likelier.
SHARPNESS = 4.0


def features(text: str) -> str:
    """The text a model reads: the normal form, and for Greek or Latin text its sound skeleton too."""
    plain = normalise(text)
    if has_greek(plain) or _LATIN.search(plain):
        return f"{plain} | {skeleton(plain)}"
    return plain


@dataclass(frozen=True)
class TextClassifier:
    """A trained classifier: labels and, for a text, a share per label (they add up to one)."""

    vectorizer: Any
    model: Any
    labels: tuple[str, ...]

    def shares(self, text: str) -> dict[str, float]:
        """Each label's share for a text: the decision values spread by a softmax."""
        decisions = self.model.decision_function(self.vectorizer.transform([features(text)]))[0]
        if len(self.labels) == 2:
            decisions = [-decisions, decisions]
        top = max(decisions)
        weights = [math.exp(SHARPNESS * (value - top)) for value in decisions]
        total = sum(weights)
        return {label: weight / total for label, weight in zip(self.labels, weights, strict=True)}

    def best(self, text: str) -> tuple[str, float]:
        """The likeliest label and its share."""
        shares = self.shares(text)
        label = max(shares, key=lambda key: shares[key])
        return label, shares[label]


def train(texts: Sequence[str], labels: Sequence[str], *, strength: float = 1.0) -> TextClassifier:
    """A classifier trained on examples; classes count alike however many examples each has."""
    # Imported here: scikit-learn takes a second to import, which start-up and the CLI need not pay.
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, dtype=np.float64)
    matrix = vectorizer.fit_transform([features(text) for text in texts])
    model = LinearSVC(C=strength, class_weight="balanced", random_state=0)
    model.fit(matrix, list(labels))
    return TextClassifier(vectorizer, model, tuple(str(label) for label in model.classes_))
