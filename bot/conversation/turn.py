"""One inbound message being handled: the context actions need, and the engine's host."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import phonenumbers
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.telegram.keys import strip_callback
from bot.conversation.when_words import parse_when
from bot.engine import Flow, FlowState, Option, Reply
from bot.flows import FLOWS
from bot.i18n import translate
from bot.understanding.lexicon import menu_synonyms
from bot.understanding.text import best_match, parse_number
from storage.cases import new_reference
from storage.enums import Channel, Language
from storage.models import Area, Center, ChannelIdentity, Citizen, Conversation

if TYPE_CHECKING:
    from bot.engine import ActResult

MAX_DESCRIPTION = 2000


@dataclass
class Turn:
    """Everything known while one message is handled; implements the engine's Host."""

    session: AsyncSession
    center: Center
    citizen: Citizen
    identity: ChannelIdentity
    conversation: Conversation
    inbound_id: int
    now: datetime
    areas: list[Area] = field(default_factory=list)
    new_reference: Callable[[], str] = new_reference
    # Set by actions: the conversation ended in erasure, so nothing about it may be stored.
    erased: bool = False

    @property
    def language(self) -> Language:
        """The citizen's language."""
        return self.citizen.locale

    @property
    def channel(self) -> Channel:
        """The channel the message came on."""
        return self.identity.channel

    # --- Host -------------------------------------------------------------------------------

    def flow(self, name: str) -> Flow:
        """The flow with this name."""
        return FLOWS[name]

    def options(self, name: str, state: FlowState) -> tuple[Option, ...]:
        """Dynamic options: the main menu, languages, mobile-unit areas and actions."""
        from bot.conversation.options import dynamic_options

        return dynamic_options(self, name, state)

    def match(self, reply: Reply, options: tuple[Option, ...]) -> Option | None:
        """The option a button press, a number or words mean."""
        if reply.button is not None:
            key = strip_callback(reply.button)
            return next((option for option in options if option.key == key), None)
        number = parse_number(reply.text)
        if number is not None:
            return options[number - 1] if 1 <= number <= len(options) else None
        candidates = [(option.key, phrase) for option in options for phrase in self._phrases(option)]
        matched = best_match(reply.text, candidates)
        return next((option for option in options if option.key == matched), None)

    def _phrases(self, option: Option) -> list[str]:
        # The label in every language: citizens mix languages, and buttons may be read aloud by others.
        phrases: list[str] = [translate(language, option.label) for language in Language]
        phrases.extend(option.synonyms)
        for words in menu_synonyms().get(option.key, {}).values():
            phrases.extend(words)
        return phrases

    def check(self, name: str, text: str) -> str | None:
        """Validate and normalise a free-text answer with the check registered as ``name``."""
        check = ANSWER_CHECKS.get(name)
        if check is None:
            raise KeyError(f"unknown check {name!r}")
        return check(text)

    async def act(self, name: str, state: FlowState) -> ActResult:
        """Run a named action."""
        from bot.actions import ACTIONS

        return await ACTIONS[name](self, state)


AnswerCheck = Callable[[str], str | None]
ANSWER_CHECKS: dict[str, AnswerCheck] = {}


def answer_check(name: str) -> Callable[[AnswerCheck], AnswerCheck]:
    """Register a function as the answer check ``name`` (``Ask.check``): it returns the clean answer or None."""

    def register(check: AnswerCheck) -> AnswerCheck:
        if name in ANSWER_CHECKS:
            raise ValueError(f"answer check {name!r} is registered twice")
        ANSWER_CHECKS[name] = check
        return check

    return register


@answer_check("phone")
def normalise_phone(text: str) -> str | None:
    """A phone number in E.164 (Greek numbers without the country code are accepted), or None."""
    try:
        number = phonenumbers.parse(text.strip(), "GR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@answer_check("description")
def clean_description(text: str) -> str | None:
    """The text with its spaces tidied and cut to ``MAX_DESCRIPTION``, or None when it says nothing."""
    cleaned = " ".join(text.split())
    return cleaned[:MAX_DESCRIPTION] if len(cleaned) >= 2 else None


@answer_check("when_words")
def when_words(text: str) -> str | None:
    """A weekday and/or part of the day in the citizen's words ("Τρίτη πρωί", "triti"), encoded, or None."""
    wish = parse_when(text)
    return wish.encode() if wish else None
