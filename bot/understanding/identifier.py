"""py3langid restricted to our languages, its byte automaton kept on disk and mapped, not copied, into memory.

py3langid's automaton is a table of 9.8 million 32-bit transitions (39 MB) inside an LZMA-compressed model of
140 languages (0.8 s to read). Restricted once, the model is kept in the models folder (``keep_models_in``):
the small arrays in an ``.npz``, the transitions as a raw file that later processes map read-only. Mapped
pages are read from disk only when a message walks through them, are shared by every process of the machine,
and can be given back by the kernel under pressure: a process holds the few megabytes its messages touch,
not the whole table. Without a models folder the model is read and restricted in memory as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
import zipfile
from array import array
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.understanding.models import models_kept_in

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

# Bumped when what is kept changes.
KEPT_FORMAT = "1"
_SMALL_ARRAYS = {"ptc", "pc", "classes", "row", "output"}


def restricted_identifier(codes: Sequence[str]) -> LanguageIdentifier:
    """py3langid over ``codes`` only, with normalised probabilities; mapped from the models folder when kept."""
    folder = models_kept_in()
    if folder is None:
        return _slimmed(_read_and_restrict(codes))
    stem = folder / f"langid-{_key(codes)}"
    kept = _load(stem)
    if kept is not None:
        return kept
    read = _read_and_restrict(codes)
    _keep(stem, read)
    return _load(stem) or _slimmed(read)  # an unwritable folder: in memory, as before


def _key(codes: Sequence[str]) -> str:
    key = hashlib.sha256()
    for part in (KEPT_FORMAT, version("py3langid"), *codes):
        key.update(part.encode() + b"\0")
    return key.hexdigest()[:32]


def _read_and_restrict(codes: Sequence[str]) -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(codes))
    return identifier


def _slimmed(identifier: LanguageIdentifier) -> LanguageIdentifier:
    """The identifier without what a restricted one never uses again, its per-state tables as arrays."""
    # The model of all 140 languages is kept to undo the restriction, which we never do: ~26 MB less without it.
    identifier._full_model = (identifier.nb_ptc, identifier.nb_pc, identifier.nb_classes)
    # Two tables of its automaton, a number per state, as lists of Python ints took 8 MB; as arrays, under 1.
    identifier._rowbase = array("I", identifier._rowbase)
    identifier.tk_output = array("i", identifier.tk_output)
    return identifier


def _keep(stem: Path, identifier: LanguageIdentifier) -> None:
    """Write the restricted model beside its key (atomically: readers see whole files or none)."""
    import numpy as np

    small: dict[str, Any] = {
        "ptc": np.asarray(identifier.nb_ptc),
        "pc": np.asarray(identifier.nb_pc),
        "classes": np.array(identifier.nb_classes),
        "row": np.asarray(identifier.tk_row, dtype=np.int64),
        "output": np.asarray(identifier.tk_output, dtype=np.int32),
    }
    table = array("I", identifier.tk_nextmove)
    partial = stem.with_name(f".{stem.name}.{os.getpid()}.partial")
    try:
        stem.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as file:
            table.tofile(file)
        partial.replace(stem.with_suffix(".transitions"))
        # The small arrays last: they say how long the table is, so a reader never maps a table cut short.
        with partial.open("wb") as file:
            np.savez(file, transitions=np.array(len(table)), **small)
        partial.replace(stem.with_suffix(".npz"))
    except OSError:
        return  # a read-only or full disk: read in memory at each start, nothing else


def _load(stem: Path) -> LanguageIdentifier | None:
    """The kept model with its transitions mapped, if both files are there whole."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    try:
        with stem.with_suffix(".npz").open("rb") as file, np.load(file, allow_pickle=False) as arrays:
            small: dict[str, Any] = {name: arrays[name] for name in arrays.files}
        with stem.with_suffix(".transitions").open("rb") as file:
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError, EOFError, zipfile.BadZipFile):
        return None  # missing, cut short or damaged: read again and kept anew
    transitions = memoryview(mapped).cast("I")
    if set(small) != {*_SMALL_ARRAYS, "transitions"} or len(transitions) != int(small["transitions"]):
        transitions.release()
        mapped.close()
        return None
    for suffix in (".npz", ".transitions"):
        with contextlib.suppress(OSError):
            os.utime(stem.with_suffix(suffix))  # in use: not old
    identifier = LanguageIdentifier(
        small["ptc"],
        small["pc"],
        [str(code) for code in small["classes"]],
        transitions,
        small["output"].tolist(),
        norm_probs=True,
        tk_row=small["row"].tolist(),
    )
    return _slimmed(identifier)
