"""Fitted models kept on disk: a later process loads what an earlier one fitted, never a stale model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.understanding import models
from bot.understanding.models import keep_models_in, models_kept_in, train

TEXTS = ["when are you open", "opening hours please", "i need food", "food parcel", "hello", "good morning"]
LABELS = ["hours", "hours", "food", "food", "greeting", "greeting"]


@pytest.fixture
def kept(tmp_path: Path) -> Iterator[Path]:
    """A folder of kept models of this test's own."""
    before, folder = models_kept_in(), tmp_path / "models"
    keep_models_in(folder)
    yield folder
    keep_models_in(before)


def _no_fitting(request: object) -> dict[str, object]:
    raise AssertionError("fitted although a kept model was there")


def test_a_fitted_model_is_loaded_next_time_and_answers_alike(
    kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = train(TEXTS, LABELS)
    assert len(list(kept.glob("*.npz"))) == 1
    monkeypatch.setattr(models, "_fit_in_child", _no_fitting)
    monkeypatch.setattr(models, "_fit", _no_fitting)
    second = train(TEXTS, LABELS)
    for probe in ("are you open today", "some food please", "hi"):
        assert second.best(probe) == first.best(probe)


def test_changed_examples_are_fitted_anew(kept: Path) -> None:
    train(TEXTS, LABELS)
    changed = train([*TEXTS, "where can i get food"], [*LABELS, "food"])
    assert len(list(kept.glob("*.npz"))) == 2
    assert changed.best("where can i get food")[0] == "food"


def test_a_damaged_file_is_fitted_again_and_replaced(kept: Path) -> None:
    train(TEXTS, LABELS)
    (path,) = kept.glob("*.npz")
    path.write_bytes(path.read_bytes()[:100])
    model = train(TEXTS, LABELS)
    assert model.best("opening hours")[0] == "hours"
    assert path.stat().st_size > 100


def test_an_unwritable_folder_costs_only_a_fit(kept: Path) -> None:
    kept.parent.joinpath("file").write_text("")
    keep_models_in(kept.parent / "file" / "models")  # its parent is a file: nothing can be written there
    assert train(TEXTS, LABELS).best("food parcel")[0] == "food"
