"""A pytest plugin: every log line the product writes during the whole suite is scanned for personal data.

Logs must carry ids and counts, never message text, names or phone numbers. The suite's citizens write
in Greek, Arabic, Cyrillic and other scripts and from Greek mobile numbers, so a log line holding any of
those is a leak. The run fails at the end, listing the offending lines.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest

OUR_LOGGERS = ("bot", "api", "storage", "frontdesk", "uvicorn", "apscheduler")
# A Greek mobile in any form, or letters of the scripts our citizens write in (log lines are plain English).
LEAK = re.compile(r"(?:\+?30)?69\d{8}|[\u0370-\u03ff\u1f00-\u1fff\u0400-\u04ff\u0600-\u06ff\u0750-\u077f]")


class _Scanner(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.leaks: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = self.format(record)
        if LEAK.search(text):
            self.leaks.append(f"{record.name}: {text[:300]}")


_scanner = _Scanner()


def pytest_configure(config: pytest.Config) -> None:
    """Listen to our loggers at every level for the whole run."""
    for name in OUR_LOGGERS:
        logger = logging.getLogger(name)
        logger.addHandler(_scanner)
        logger.setLevel(logging.DEBUG)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """Under pytest-xdist: the lines a worker caught are judged with the controller's."""
    _scanner.leaks += getattr(node, "workeroutput", {}).get("log_leaks", [])


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when any log line carried personal data."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist worker: the controller reports and fails the run
        workeroutput["log_leaks"] = _scanner.leaks
        return
    if _scanner.leaks:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"{len(_scanner.leaks)} log lines carry personal data:", red=True)
            for line in _scanner.leaks[:20]:
                reporter.write_line(f"  {line}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
