"""Global keywords (STOP, MENU, HELP …) that work anywhere in a conversation, in every language."""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from bot.understanding.lexicon import keywords
from bot.understanding.text import has_greek, normalise, parse_number, skeleton


class Command(StrEnum):
    """What a global keyword asks for."""

    STOP = "stop"
    START = "start"
    MENU = "menu"
    BACK = "back"
    HELP = "help"
    LANGUAGE = "language"
    AGENT = "agent"
    DELETE = "delete"
    INFO = "info"
    MORE = "more"


@cache
def _table() -> tuple[dict[str, Command], dict[str, Command]]:
    plain: dict[str, Command] = {}
    sounds: dict[str, Command] = {}
    for command_name, languages in keywords().items():
        command = Command(command_name)
        for words in languages.values():
            for word in words:
                plain[normalise(word)] = command
                if has_greek(word):
                    sounds[skeleton(word)] = command
    return plain, sounds


def detect_command(text: str) -> Command | None:
    """The command a whole message is, if any (``STOP``, ``διακοπή``, ``/start``, ``0`` …)."""
    stripped = text.strip()
    if stripped.startswith("/"):
        # Telegram commands: "/start payload" or "/menu@CenterBot".
        name = stripped[1:].split(maxsplit=1)[0].split("@")[0].lower() if len(stripped) > 1 else ""
        return Command(name) if name in Command.__members__.values() else None
    if parse_number(stripped) == 0:
        return Command.MENU
    plain = normalise(stripped)
    if not plain or len(plain) > 40:
        return None
    table, sounds = _table()
    if plain in table:
        return table[plain]
    return sounds.get(skeleton(plain))
