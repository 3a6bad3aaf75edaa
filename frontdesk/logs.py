"""Logging set-up. Log ids and counts, never message text, names or phone numbers."""

from __future__ import annotations

import logging
import re
from typing import Any

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
ACCESS_FORMAT = '%(asctime)s %(levelname)s %(name)s: %(client_addr)s - "%(request_line)s" %(status_code)s'
_FEED_SECRET = re.compile(r"^/ical/[^/]+\.ics$")
# Loggers that speak at INFO on every scheduler tick (every 2 seconds): only their warnings are kept.
CHATTY = ("apscheduler.executors.default", "apscheduler.scheduler")


def configure_logging(level: str) -> None:
    """Send our logs to standard error at the given level; quieten chatty libraries."""
    logging.basicConfig(level=level.upper(), format=LOG_FORMAT)
    # httpx logs full request URLs, and a Telegram URL carries the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # The scheduler's "running job … executed successfully" every two seconds: heard only when debugging.
    debugging = logging.getLevelName(level.upper()) == logging.DEBUG
    for name in CHATTY:
        logging.getLogger(name).setLevel(logging.NOTSET if debugging else logging.WARNING)


class PathWithoutQuery(logging.Filter):
    """Drops the query string from uvicorn's access lines: a search can carry a citizen's phone number."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the path argument of an access record; every record passes."""
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            # A calendar feed's address is its secret: the log keeps that a feed was read, not which.
            path = _FEED_SECRET.sub("/ical/….ics", args[2].split("?", 1)[0])
            record.args = (args[0], args[1], path, args[3], args[4])
        return True


def uvicorn_log_config(level: str) -> dict[str, Any]:
    """Uvicorn's logging: its lines in our format on standard error, access lines without query strings."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"path_only": {"()": PathWithoutQuery}},
        "formatters": {
            "default": {"format": LOG_FORMAT},
            "access": {"()": "uvicorn.logging.AccessFormatter", "fmt": ACCESS_FORMAT, "use_colors": False},
        },
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "formatter": "default",
                "stream": "ext://sys.stderr",
            },
            "access": {"class": "logging.StreamHandler", "formatter": "access", "stream": "ext://sys.stderr"},
        },
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": level.upper(), "propagate": False},
            "uvicorn.error": {"level": level.upper()},
            "uvicorn.access": {
                "handlers": ["access"],
                "filters": ["path_only"],
                "level": level.upper(),
                "propagate": False,
            },
        },
    }
