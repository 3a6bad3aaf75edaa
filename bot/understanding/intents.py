"""What a free-text message asks for when no question is pending: a command, a menu option or a greeting."""

from __future__ import annotations

from functools import cache

from bot.understanding.keywords import detect_command
from bot.understanding.lexicon import greetings, menu_synonyms
from bot.understanding.text import best_match, similarity

GREETING = "greeting"


@cache
def _menu_phrases() -> tuple[tuple[str, str], ...]:
    return tuple(
        (option, phrase)
        for option, languages in menu_synonyms().items()
        for phrases in languages.values()
        for phrase in phrases
    )


def guess_intent(text: str) -> str | None:
    """``"command:<name>"``, a main-menu option key, ``"greeting"``, or None."""
    command = detect_command(text)
    if command is not None:
        return f"command:{command.value}"
    option = best_match(text, _menu_phrases())
    if option is not None:
        return option
    if any(similarity(text, word) >= 90 for words in greetings().values() for word in words):
        return GREETING
    return None
