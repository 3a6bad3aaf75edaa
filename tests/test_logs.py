"""Logging: the scheduler's ticks only when debugging; no query string in access lines."""

from __future__ import annotations

import logging

from frontdesk.logs import CHATTY, configure_logging


def test_the_scheduler_ticks_are_heard_only_when_debugging() -> None:
    try:
        configure_logging("INFO")
        for name in CHATTY:
            assert not logging.getLogger(name).isEnabledFor(logging.INFO)
            assert logging.getLogger(name).isEnabledFor(logging.WARNING)
        configure_logging("DEBUG")
        assert all(logging.getLogger(name).level == logging.NOTSET for name in CHATTY)
    finally:
        for name in CHATTY:
            logging.getLogger(name).setLevel(logging.NOTSET)
