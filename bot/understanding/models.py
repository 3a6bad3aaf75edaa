"""Small text classifiers trained at first use from the example messages in ``bot/lexicon/``.

Character n-grams (2 to 5 letters, inside word boundaries) weighed by TF-IDF, and a linear support vector
machine: they generalise over inflections, typos and missing accents in any script, train in a fraction of a
second from a few thousand examples, and answer in well under a millisecond. Greek and Latin text is also read
through its sound skeleton, so that Greek examples teach the model Greeklish. Training is deterministic (a fixed
random state) and offline: no model is downloaded. The fitting runs in a child process, so the service never
imports scikit-learn. Fitted models are kept in a folder (``keep_models_in``; ``FRONTDESK_MODEL_CACHE_DIR``),
each under the hash of everything it was trained from, so the next process to start loads instead of fitting
and a changed example can never meet a stale model.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import json
import math
import os
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bot.understanding.text import has_greek, normalise, skeleton

_LATIN = re.compile("[a-z]")
# Decision values are spread into shares with this sharpness: 1.0 apart in decision is e**4 ≈ 55 times likelier.
SHARPNESS = 4.0
# Bumped when _fit changes what it computes: part of every kept model's key.
FIT_VERSION = "1"
# Kept models not loaded for this long are removed when a new one is kept (old lexicon versions).
KEPT_MODEL_DAYS = 30
# Where fitted models are kept (None: fit at every start); set once at start-up by keep_models_in.
_KEPT: dict[str, Path] = {}


def features(text: str) -> str:
    """The text a model reads: the normal form, and for Greek or Latin text its sound skeleton too."""
    plain = normalise(text)
    if has_greek(plain) or _LATIN.search(plain):
        return f"{plain} | {skeleton(plain)}"
    return plain


_WHITE_SPACES = re.compile(r"\s\s+")
GRAM_SIZES = range(2, 6)


def char_grams(text: str) -> list[str]:
    """The 2- to 5-letter n-grams inside word boundaries, as scikit-learn's ``char_wb`` analyzer reads them.

    Lower case, runs of white space as one, each word padded with a space; a word shorter than an n-gram counts
    once. Written out so that scoring a message needs no scikit-learn in the service's process.
    """
    grams: list[str] = []
    append = grams.append
    for word in _WHITE_SPACES.sub(" ", text.lower()).split():
        padded = f" {word} "
        length = len(padded)
        for size in GRAM_SIZES:
            offset = 0
            append(padded[:size])
            while offset + size < length:
                offset += 1
                append(padded[offset : offset + size])
            if offset == 0:
                break
    return grams


@dataclass(frozen=True)
class TextClassifier:
    """A trained classifier: labels and, for a text, a share per label (they add up to one).

    A message is scored without scikit-learn's matrix machinery, which costs a millisecond or more for one short
    text: its n-grams are counted, weighed (1 + log count, times the n-gram's IDF, scaled to unit length) and
    multiplied with the rows of the model's weights that they name. The decisions equal the model's own.
    The vocabulary is a sorted array of n-grams (a dictionary of a quarter of a million short strings took
    tens of megabytes); an n-gram's row is its place in it.
    """

    grams: Any  # every n-gram of the training examples, sorted
    idf: Any  # one value per n-gram
    weights: Any  # one row per n-gram, one column per decision
    intercept: Any
    labels: tuple[str, ...]

    def decisions(self, text: str) -> list[float]:
        """The linear model's decision value per label."""
        import numpy as np

        counts: dict[str, int] = {}
        for gram in char_grams(features(text)):
            counts[gram] = counts.get(gram, 0) + 1
        seen = np.array(list(counts), dtype=self.grams.dtype)
        places = np.minimum(np.searchsorted(self.grams, seen), len(self.grams) - 1)
        known = self.grams[places] == seen
        if not known.any():
            values = self.intercept
        else:
            columns = places[known]
            tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts))[known])
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
    settings = {
        "labels": [str(label) for label in labels],
        "strength": strength,
        "weights": None if weights is None else [float(weight) for weight in weights],
    }
    path = _model_path({"texts": list(texts), **settings})
    fitted = _kept(path)
    if fitted is None:
        with _fitting(path):
            # Another process may have fitted it while this one waited.
            fitted = _kept(path)
            if fitted is None:
                # The documents are read (normal form, skeleton) only to fit: a kept model needs none of it.
                request = {"documents": [features(text) for text in texts], **settings}
                # scikit-learn and SciPy take ~90 MB that a process keeps once it imported them: the service
                # fits in a child process and keeps only the arrays. A tool that imported scikit-learn already
                # fits here.
                fitted = _fit(request) if "sklearn" in sys.modules else _fit_in_child(request)
                _keep(path, fitted)
    return TextClassifier(
        grams=fitted["grams"],
        idf=fitted["idf"],
        weights=fitted["weights"],
        intercept=fitted["intercept"],
        labels=tuple(str(label) for label in fitted["labels"]),
    )


def keep_models_in(folder: Path | None) -> None:
    """Keep fitted models in ``folder`` from now on, and load them from there (None: fit every time)."""
    _KEPT.pop("folder", None)
    if folder is not None:
        _KEPT["folder"] = folder


def models_kept_in() -> Path | None:
    """The folder fitted models are kept in, if any."""
    return _KEPT.get("folder")


# What a model learns from its examples also depends on how they are read: the code of ``features``.
_FEATURE_CODE = (Path(__file__).with_name("text.py"), Path(__file__))


def _model_path(examples: dict[str, Any]) -> Path | None:
    """Where the model of these examples is kept: a hash of them, of the code that reads them, of the versions."""
    folder = _KEPT.get("folder")
    if folder is None:
        return None
    key = hashlib.sha256()
    for part in (FIT_VERSION, version("scikit-learn"), version("numpy")):
        key.update(part.encode() + b"\0")
    for source in _FEATURE_CODE:
        key.update(hashlib.sha256(source.read_bytes()).digest())
    key.update(json.dumps(examples, sort_keys=True, ensure_ascii=False).encode())
    return folder / f"{key.hexdigest()}.npz"


@contextlib.contextmanager
def _fitting(path: Path | None) -> Iterator[None]:
    """Hold the model's lock while fitting it: processes starting together fit each model once."""
    if path is None:
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = path.with_name(f".{path.stem}.lock").open("a")
    except OSError:
        yield  # an unwritable folder: each process fits for itself
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or when the process dies
        yield


def _kept(path: Path | None) -> dict[str, Any] | None:
    """The arrays fitted before from the same examples, if a kept file holds them whole."""
    import numpy as np

    if path is None or not path.exists():
        return None
    try:
        with path.open("rb") as file, np.load(file, allow_pickle=False) as arrays:
            fitted = {name: arrays[name] for name in arrays.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile):
        return None  # cut short or damaged: fitted again and kept anew
    if set(fitted) != {"grams", "idf", "weights", "intercept", "labels"}:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # in use: not old
    return fitted


def _keep(path: Path | None, fitted: dict[str, Any]) -> None:
    """Write the arrays at their key's path (atomically: readers see a whole file or none)."""
    import numpy as np

    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.stem}.{os.getpid()}.partial")
        with partial.open("wb") as file:
            np.savez(file, **fitted)
        partial.replace(path)
        cutoff = time.time() - KEPT_MODEL_DAYS * 86_400
        for old in [
            *path.parent.glob("*.npz"),
            *path.parent.glob("*.transitions"),
            *path.parent.glob(".*.lock"),
        ]:
            if old.stat().st_mtime < cutoff:
                old.unlink(missing_ok=True)
    except OSError:
        return  # a read-only or full disk costs a fit at the next start, nothing else


def _fit(request: dict[str, Any]) -> dict[str, Any]:
    """TF-IDF over ``char_wb`` n-grams and a linear SVM; the vocabulary sorted, the rows to match."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, dtype=np.float64)
    matrix = vectorizer.fit_transform(request["documents"])
    model = LinearSVC(C=request["strength"], class_weight="balanced", random_state=0)
    weights = request["weights"]
    model.fit(
        matrix,
        request["labels"],
        sample_weight=None if weights is None else np.asarray(weights, dtype=np.float64),
    )
    grams = np.array(list(vectorizer.vocabulary_))
    columns = np.array(list(vectorizer.vocabulary_.values()))
    order = np.argsort(grams, kind="stable")
    return {
        "grams": grams[order],
        "idf": np.asarray(vectorizer.idf_, dtype=np.float64)[columns[order]],
        "weights": np.ascontiguousarray(model.coef_.T[columns[order]], dtype=np.float64),
        "intercept": np.asarray(model.intercept_, dtype=np.float64),
        "labels": np.array([str(label) for label in model.classes_]),
    }


def _fit_in_child(request: dict[str, Any]) -> dict[str, Any]:
    import numpy as np

    root = str(Path(__file__).resolve().parents[2])
    program = (
        f"import sys; sys.path.insert(0, {root!r}); from bot.understanding.models import fit_main; fit_main()"
    )
    # Our own interpreter running our own module: nothing here comes from outside.
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", program], input=json.dumps(request).encode(), capture_output=True, check=True
    )
    with np.load(io.BytesIO(done.stdout), allow_pickle=False) as arrays:
        return {name: arrays[name] for name in arrays.files}


def fit_main() -> None:
    """The child process of ``train``: a request as JSON on standard input, the arrays (npz) on standard output."""
    import numpy as np

    fitted = _fit(json.loads(sys.stdin.buffer.read()))
    buffer = io.BytesIO()
    np.savez(buffer, **fitted)
    sys.stdout.buffer.write(buffer.getvalue())
