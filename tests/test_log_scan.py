"""The suite-wide log scan recognises personal data and lets ordinary log lines pass."""

from __future__ import annotations

import pytest

from tests.log_scan import LEAK


@pytest.mark.parametrize(
    "line", ["reply to +306912345678", "from 6912345678", "text: Καλημέρα", "text: مرحبا", "text: Привет"]
)
def test_personal_data_is_recognised(line: str) -> None:
    assert LEAK.search(line)


@pytest.mark.parametrize(
    "line",
    ["inbound 42 parked after 3 failed attempts", "job outbox: sent=12 retried=0", "center thira: SMS off"],
)
def test_ordinary_lines_pass(line: str) -> None:
    assert not LEAK.search(line)
