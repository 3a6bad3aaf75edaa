"""Callback data of Telegram buttons: ``c:<choice key>``."""

from __future__ import annotations

CALLBACK_PREFIX = "c:"


def strip_callback(data: str) -> str:
    """The choice key inside button data (data without the prefix is taken as a key)."""
    return data[len(CALLBACK_PREFIX) :] if data.startswith(CALLBACK_PREFIX) else data
