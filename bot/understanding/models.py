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
    """A trained classifier: labels and, for a text, a share per label (they add up to one).

    A message is scored without scikit-learn's matrix machinery, which costs a millisecond or more for one short
    text: its n-grams are counted, weighed (1 + log count, times the n-gram's IDF, scaled to unit length) and
    multiplied with the rows of the model's weights that they name. The decisions equal the model's own.
    """

    analyzer: Any
    vocabulary: dict[str, int]
    idf: Any
    weights: Any  # one row per n-gram, one column per decision
    intercept: Any
    labels: tuple[str, ...]

    def decisions(self, text: str) -> list[float]:
        """The linear model's decision value per label."""
        import numpy as np

        counts: dict[int, int] = {}
        vocabulary = self.vocabulary
        for gram in self.analyzer(features(text)):
            column = vocabulary.get(gram)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        if not counts:
            values = self.intercept
        else:
            columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
            tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
            weighted = tf * self.idf[columns]
            weighted /= math.sqrt(float(weighted @ weighted))
            values = weighted @ self.weights[columns] + self.intercept
        decisions = [float(value) for value in values]
        if len(self.labels) == 2:
            return [-decisions[0], decisions[0]]
        return decisions

    def shares(self, text: str) -> dict[str, float]:
        """Each label's share for a text: the decision values spread by a softmax."""
        decisions = self.decisions(text)
        top = max(decisions)
        weights = [math.exp(SHARPNESS * (value - top)) for value in decisions]
        total = sum(weights)
        return {label: weight / total for label, weight in zip(self.labels, weights, strict=True)}

    def best(self, text: str) -> tuple[str, float]:
        """The likeliest label and its share."""
        shares = self.shares(text)
        label = max(shares, key=lambda key: shares[key])
        return label, shares[label]


def train(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    strength: float = 1.0,
    weights: Sequence[float] | None = None,
) -> TextClassifier:
    """A classifier trained on examples; classes count alike however many examples each has.

    ``weights`` make some examples count more than others of their class (the harmless messages with alarming
    words, among the many ordinary questions).
    """
    # Imported here: scikit-learn takes a second to import, which start-up and the CLI need not pay.
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, dtype=np.float64)
    matrix = vectorizer.fit_transform([features(text) for text in texts])
    model = LinearSVC(C=strength, class_weight="balanced", random_state=0)
    model.fit(
        matrix, list(labels), sample_weight=None if weights is None else np.asarray(weights, dtype=np.float64)
    )
    return TextClassifier(
        analyzer=vectorizer.build_analyzer(),
        vocabulary=dict(vectorizer.vocabulary_),
        idf=np.asarray(vectorizer.idf_, dtype=np.float64),
        weights=np.ascontiguousarray(model.coef_.T, dtype=np.float64),
        intercept=np.asarray(model.intercept_, dtype=np.float64),
        labels=tuple(str(label) for label in model.classes_),
    )
