"""Fitted models kept on disk: a later process loads what an earlier one fitted, never a stale model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.understanding import models
from bot.understanding.models import keep_models_in, train

TEXTS = ["when are you open", "opening hours please", "i need food", "food parcel", "hello", "good morning"]
LABELS = ["hours", "hours", "food", "food", "greeting", "greeting"]


def _no_fitting(request: object) -> dict[str, object]:
    raise AssertionError("fitted although a kept model was there")


def test_a_fitted_model_is_loaded_next_time_and_answers_alike(
    kept_models: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = train(TEXTS, LABELS)
    assert len(list(kept_models.glob("*.npz"))) == 1
    monkeypatch.setattr(models, "_fit_in_child", _no_fitting)
    monkeypatch.setattr(models, "_fit", _no_fitting)
    second = train(TEXTS, LABELS)
    for probe in ("are you open today", "some food please", "hi"):
        assert second.best(probe) == first.best(probe)


def test_changed_examples_are_fitted_anew(kept_models: Path) -> None:
    train(TEXTS, LABELS)
    changed = train([*TEXTS, "where can i get food"], [*LABELS, "food"])
    assert len(list(kept_models.glob("*.npz"))) == 2
    assert changed.best("where can i get food")[0] == "food"


def test_a_damaged_file_is_fitted_again_and_replaced(kept_models: Path) -> None:
    train(TEXTS, LABELS)
    (path,) = kept_models.glob("*.npz")
    path.write_bytes(path.read_bytes()[:100])
    model = train(TEXTS, LABELS)
    assert model.best("opening hours")[0] == "hours"
    assert path.stat().st_size > 100


def test_an_unwritable_folder_costs_only_a_fit(kept_models: Path) -> None:
    kept_models.parent.joinpath("file").write_text("")
    keep_models_in(
        kept_models.parent / "file" / "models"
    )  # its parent is a file: nothing can be written there
    assert train(TEXTS, LABELS).best("food parcel")[0] == "food"


def test_a_change_to_how_text_is_read_fits_anew(
    kept_models: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The key is taken from the examples as written: the code that reads them (normal form, skeleton) is in it.
    reading = tmp_path / "text.py"
    reading.write_text("# how text is read, version 1\n")
    monkeypatch.setattr(models, "_FEATURE_CODE", (reading,))
    train(TEXTS, LABELS)
    reading.write_text("# how text is read, version 2\n")
    train(TEXTS, LABELS)
    assert len(list(kept_models.glob("*.npz"))) == 2


def test_a_kept_model_is_loaded_without_reading_its_examples(
    kept_models: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = train(TEXTS, LABELS)
    with monkeypatch.context() as patched:
        patched.setattr(models, "features", _no_fitting)  # reading the examples would fail
        second = train(TEXTS, LABELS)
    assert second.best("food parcel") == first.best("food parcel")


_TRAIN_IN_CHILD = """
import sys
from pathlib import Path
from bot.understanding import models
from tests.test_models_kept import LABELS, TEXTS
fit = models._fit_in_child
def counted(request):
    print("fitted", flush=True)
    return fit(request)
models._fit_in_child = counted
models.keep_models_in(Path(sys.argv[1]))
print(models.train(TEXTS, LABELS).best("food parcel")[0])
"""


def test_processes_starting_together_fit_a_model_once(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    command = [sys.executable, "-c", _TRAIN_IN_CHILD, str(tmp_path / "models")]
    started = [subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [process.communicate(timeout=120)[0].split() for process in started]
    assert all(output[-1] == "food" for output in outputs)
    assert sum(output.count("fitted") for output in outputs) == 1
