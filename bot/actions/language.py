"""Language detection and choice, greeting and the privacy notice of first contact."""

from __future__ import annotations

from bot.conversation.center_info import center_name
from bot.conversation.turn import Turn
from bot.engine import ActResult, FlowState
from bot.i18n import NATIVE_NAMES
from bot.outbound import N_, Outbound, Text
from bot.understanding.language import detect_language as detect
from storage.enums import Language

PRIVACY_NOTICE = N_(
    "We keep your messages for up to 2 years, only to help you. Write DELETE at any time to erase them."
)


async def detect_language(turn: Turn, state: FlowState) -> ActResult:
    """Take the language of the first message when it is clear (the greeting then says so in one line)."""
    detected = detect(str(state.slots.get("first_text", "")))
    if detected is None:
        return ActResult("unknown")
    turn.citizen.locale = detected
    turn.citizen.locale_confirmed = True
    return ActResult("detected", slots={"detected_language": detected.value})


async def set_language(turn: Turn, state: FlowState) -> ActResult:
    """Switch to the language the citizen picked."""
    turn.citizen.locale = Language(state.slots["language"])
    turn.citizen.locale_confirmed = True
    line = Text(
        N_("From now on I will write to you in {language}."),
        {"language": Text.verbatim(NATIVE_NAMES[turn.citizen.locale])},
    )
    # The greeting follows on first contact; a later change only needs the confirmation.
    return ActResult(messages=() if turn.citizen.privacy_notice_at is None else (Outbound((line,)),))


async def greet(turn: Turn, state: FlowState) -> ActResult:
    """Greeting with the center's name, and the privacy notice the first time."""
    messages = []
    if state.slots.get("detected_language"):
        line = Text(
            N_("I will write to you in {language}. To change the language, write LANGUAGE."),
            {"language": Text.verbatim(NATIVE_NAMES[turn.language])},
        )
        messages.append(Outbound((line,)))
    parts = [Text(N_("Hello! This is the {center}."), {"center": center_name(turn.center, turn.language)})]
    if turn.citizen.privacy_notice_at is None:
        parts.append(Text(PRIVACY_NOTICE))
        turn.citizen.privacy_notice_at = turn.now
    # Sent as its own message so that the menu after it is never held back on SMS.
    messages.append(Outbound(tuple(parts), essential=True))
    return ActResult(messages=tuple(messages))


ACTIONS = {"detect_language": detect_language, "set_language": set_language, "greet": greet}
