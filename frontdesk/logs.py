"""Logging set-up. Log ids and counts, never message text, names or phone numbers."""

from __future__ import annotations

import logging

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(level: str) -> None:
    """Send our logs to standard error at the given level; quieten chatty libraries."""
    logging.basicConfig(level=level.upper(), format=LOG_FORMAT)
    # httpx logs full request URLs, and a Telegram URL carries the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
