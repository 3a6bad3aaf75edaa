"""What a free-text message asks for.

``guess_intent``: when no question is pending, a command, a menu option or a greeting (lexicon words, fuzzily).
``classify_intent``: what a first message asks (hours, address, documents, food aid, a person ...), by keywords
first and then a character n-gram model trained on the example messages of ``bot/lexicon/intents/<lang>.toml``;
``guess_category``: the case category of a request, from the same examples.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from bot.understanding.keywords import Command, detect_command
from bot.understanding.lexicon import greetings, intent_examples, keywords, menu_synonyms, request_examples
from bot.understanding.models import TextClassifier, train
from bot.understanding.text import best_match, has_greek, normalise, similarity, skeleton
from storage.enums import CaseCategory, Language

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


# --- What a first message asks: intents and case categories ---------------------------------------------------


class Intent(StrEnum):
    """What a first message asks for; each has an answer or a flow of its own."""

    GREETING = "greeting"
    HOURS = "hours"
    ADDRESS = "address"
    DOCUMENTS = "documents"
    BENEFITS = "benefits"
    FOOD_AID = "food_aid"
    APPOINTMENT = "appointment"
    MOBILE_UNIT = "mobile_unit"
    AGENT = "agent"
    MY_BOOKINGS = "my_bookings"
    REQUEST = "request"
    STOP = "stop"
    LANGUAGE = "language"


# The categories a request's words can suggest: the case categories (violence is the crisis path's).
Category = CaseCategory


@dataclass(frozen=True)
class IntentGuess:
    """The intent of a message and how sure the guess is (1.0 for a keyword, a model's share otherwise)."""

    intent: Intent
    confidence: float


# Global keywords that are intents of a first message; HELP, START and MENU want the menu a greeting brings.
_COMMAND_INTENTS = {
    Command.STOP: Intent.STOP,
    Command.LANGUAGE: Intent.LANGUAGE,
    Command.AGENT: Intent.AGENT,
    Command.START: Intent.GREETING,
    Command.MENU: Intent.GREETING,
    Command.HELP: Intent.GREETING,
}
# Menu options whose words name one intent each ("info" is hours and address together, "request" any need).
_MENU_INTENTS = {
    "appointment": Intent.APPOINTMENT,
    "mobile": Intent.MOBILE_UNIT,
    "bookings": Intent.MY_BOOKINGS,
    "agent": Intent.AGENT,
    "language": Intent.LANGUAGE,
}
# Requests about benefits or food are those intents; the other categories are requests.
_CATEGORY_INTENTS = {Category.BENEFITS: Intent.BENEFITS, Category.FOOD_AID: Intent.FOOD_AID}


def _examples() -> Iterator[tuple[str, str, str]]:
    """Every example as (language, intent, text): the example files, then the lexicon's own words."""
    for language, intents in intent_examples().items():
        for intent, texts in intents.items():
            yield from ((language, Intent(intent).value, text) for text in texts)
        for category, texts in request_examples()[language].items():
            # "I need help" alone names no need: the menu a greeting brings serves it better than a request.
            if Category(category) is not Category.OTHER:
                intent = _CATEGORY_INTENTS.get(Category(category), Intent.REQUEST).value
                yield from ((language, intent, text) for text in texts)
    for command, intent in _COMMAND_INTENTS.items():
        if intent is not Intent.GREETING:
            for language, words in keywords()[command.value].items():
                yield from ((language, intent.value, word) for word in words)
    for option, intent in _MENU_INTENTS.items():
        for language, phrases in menu_synonyms()[option].items():
            yield from ((language, intent.value, phrase) for phrase in phrases)
    for language, words in greetings().items():
        yield from ((language, Intent.GREETING.value, word) for word in words)


@cache
def intent_classifier() -> TextClassifier:
    """The intent model, trained on first use; each question is also learnt after a greeting of its language."""
    short_greetings: dict[str, list[str]] = {}
    for language, words in greetings().items():
        short_greetings[language] = [word for word in words if len(word.split()) <= 2]
    texts: list[str] = []
    labels: list[str] = []
    for number, (language, intent, text) in enumerate(_examples()):
        texts.append(text)
        labels.append(intent)
        if intent != Intent.GREETING and short_greetings[language]:
            # People greet first; the greeting must not decide. Greetings taken in turn: deterministic.
            greeting = short_greetings[language][number % len(short_greetings[language])]
            texts.append(f"{greeting}, {text}")
            labels.append(intent)
    return train(texts, labels)


@cache
def category_classifier() -> TextClassifier:
    """The case-category model, trained on first use from the requests and the benefit and food questions."""
    texts: list[str] = []
    labels: list[str] = []
    for language, categories in request_examples().items():
        for category, examples in categories.items():
            texts += examples
            labels += [category] * len(examples)
        for category, intent in _CATEGORY_INTENTS.items():
            examples = intent_examples()[language][intent.value]
            texts += examples
            labels += [category.value] * len(examples)
    return train(texts, labels)


def classify_intent(text: str, language: Language | None = None) -> IntentGuess:
    """What a first message asks for: a keyword or a greeting of the lexicon, else the model's guess.

    ``language`` is the detected language of the message when known: its greetings are tried first.
    """
    command = detect_command(text)
    if command in _COMMAND_INTENTS:
        return IntentGuess(_COMMAND_INTENTS[command], 1.0)
    plain = normalise(text)
    own = greetings()[language.value] if language is not None else ()
    words, sounds = _greeting_words()
    if any(normalise(word) == plain for word in own) or plain in words or skeleton(plain) in sounds:
        return IntentGuess(Intent.GREETING, 1.0)
    intent, share = intent_classifier().best(text)
    return IntentGuess(Intent(intent), share)


def guess_category(text: str) -> tuple[Category, float]:
    """The case category a request's words suggest, and the model's share for it (asked to confirm)."""
    category, share = category_classifier().best(text)
    return Category(category), share


@cache
def _greeting_words() -> tuple[frozenset[str], frozenset[str]]:
    """Greetings of every language, and the sound of the Greek ones (to meet Greeklish "kalimera")."""
    every = [word for words in greetings().values() for word in words]
    return frozenset(normalise(word) for word in every), frozenset(
        skeleton(word) for word in every if has_greek(word)
    )
