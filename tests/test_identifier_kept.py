"""py3langid restricted to our languages and kept on disk: mapped at later starts, ranking exactly as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.understanding import identifier
from bot.understanding.identifier import restricted_identifier
from bot.understanding.models import keep_models_in
from storage.enums import Language

CODES = [language.value for language in Language]
PROBES = [
    "I need food for my family, please help",
    "j'ai besoin d'aide pour mes papiers",
    "мне нужна помощь с документами",
    "أحتاج مساعدة في الأوراق",
    "مجھے مدد چاہیے",
    "waxaan u baahanahay caawimaad",
    "ez alîkariyê dixwazim",
]


def _in_memory() -> list[object]:
    keep_models_in(None)
    return [restricted_identifier(CODES).rank(probe) for probe in PROBES]


def _not_read(codes: object) -> None:
    raise AssertionError("py3langid's model was read although a kept one was there")


def test_a_kept_identifier_is_mapped_next_time_and_ranks_alike(
    kept_models: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    restricted_identifier(CODES)
    assert {path.suffix for path in kept_models.iterdir()} == {".npz", ".transitions"}
    monkeypatch.setattr(identifier, "_read_and_restrict", _not_read)
    mapped = restricted_identifier(CODES)
    assert isinstance(mapped.tk_nextmove, memoryview)
    ranks = [mapped.rank(probe) for probe in PROBES]
    monkeypatch.undo()
    assert ranks == _in_memory()


def test_a_table_cut_short_is_read_again_and_replaced(kept_models: Path) -> None:
    restricted_identifier(CODES)
    (table,) = kept_models.glob("*.transitions")
    whole = table.stat().st_size
    table.write_bytes(table.read_bytes()[:4096])
    assert [restricted_identifier(CODES).rank(probe) for probe in PROBES] == _in_memory()
    assert table.stat().st_size == whole


def test_an_unwritable_folder_reads_the_model_in_memory(kept_models: Path) -> None:
    kept_models.parent.joinpath("file").write_text("")
    keep_models_in(
        kept_models.parent / "file" / "models"
    )  # its parent is a file: nothing can be written there
    assert restricted_identifier(CODES).rank(PROBES[0])[0][0] == "en"
