"""``frontdesk chat``: the citizen simulator exactly as CONTRACT.md describes it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import environment_without_settings

# Slow (a fresh process per conversation): scheduled first, see tests/conftest.py.
pytestmark = pytest.mark.slow


def chat(args: list[str], lines: list[str], database_url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = environment_without_settings()
    env.update(FRONTDESK_DATABASE_URL=database_url, FRONTDESK_LOG_LEVEL="WARNING")
    return subprocess.run(
        [sys.executable, "-m", "frontdesk.cli", "chat", *args],
        input="".join(f"{line}\n" for line in lines),
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_sms_json_transcript(database_url: str, tmp_path: Path) -> None:
    result = chat(
        ["--center", "thira", "--channel", "sms", "--user", "6912345678", "--json"],
        ["kalimera", "1", "2"],
        database_url,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert sum(1 for item in objects if item == {"idle": True}) == 3
    messages = [item for item in objects if "text" in item]
    assert set(messages[0]) == {"channel", "to", "locale", "text", "choices", "segments", "encoding"}
    assert all(m["channel"] == "sms" and m["to"] == "+306912345678" and m["locale"] == "el" for m in messages)
    assert all(m["encoding"] in {"GSM-7", "UCS-2"} and m["segments"] >= 1 for m in messages)
    menu = next(m for m in messages if m["choices"])
    assert [choice["key"] for choice in menu["choices"]] == [str(n) for n in range(1, 9)]
    assert "08:00-15:30" in messages[-1]["text"]  # 1 information → 2 opening hours


def test_telegram_keys_are_button_data_and_pressing_them_works(database_url: str, tmp_path: Path) -> None:
    result = chat(
        ["--center", "palamas", "--channel", "telegram", "--user", "424242", "--json"],
        ["/start", "c:en", "c:mobile"],
        database_url,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    messages = [json.loads(line) for line in result.stdout.splitlines()]
    texts = [m for m in messages if "text" in m]
    assert "segments" not in texts[0]
    assert texts[0]["choices"][1] == {"key": "c:en", "label": "English"}
    areas = texts[-1]
    assert areas["locale"] == "en" and "Which village or island" in areas["text"]
    assert {"key": "c:fyllo", "label": "Fyllo"} in areas["choices"]


def test_text_mode_and_unknown_center(database_url: str, tmp_path: Path) -> None:
    result = chat(
        ["--center", "thira", "--channel", "sms", "--user", "6912345678"], ["hello"], database_url, tmp_path
    )
    assert result.returncode == 0 and result.stdout.rstrip().endswith("---")
    assert "Community Center of Thira" in result.stdout
    unknown = chat(
        ["--center", "atlantis", "--channel", "sms", "--user", "6912345678"], [], database_url, tmp_path
    )
    assert unknown.returncode == 2 and "no center 'atlantis'" in unknown.stderr
