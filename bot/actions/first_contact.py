"""The first message counts: a question is answered, or its flow begun, after a one-line greeting."""

from __future__ import annotations

from bot.conversation.center_info import center_name
from bot.conversation.turn import Turn
from bot.engine import ActResult, FlowState
from bot.outbound import N_, Outbound, Text
from bot.understanding.intents import Intent, classify_intent, guess_category

# Below this share the model is guessing: the citizen gets the greeting and the menu, as before.
SURE_ENOUGH = 0.5
# A request's category is taken without asking only when the model is this sure of it.
SURE_OF_CATEGORY = 0.6
# Intent → outcome of the welcome flow's ``first`` node (each leads to a Goto there).
ROUTES = {
    Intent.HOURS: "hours",
    Intent.ADDRESS: "contact",
    Intent.DOCUMENTS: "documents",
    Intent.BENEFITS: "benefits",
    Intent.FOOD_AID: "request",
    Intent.REQUEST: "request",
    Intent.APPOINTMENT: "appointment",
    Intent.MOBILE_UNIT: "mobile",
    Intent.MY_BOOKINGS: "bookings",
    Intent.AGENT: "agent",
}
SHORT_WELCOME = N_(
    "Hello, this is the {center}. We keep your messages up to 2 years; write DELETE to erase them."
)


async def first_question(turn: Turn, state: FlowState) -> ActResult:
    """Route a first message that asks something; ``greeting`` when it only says hello (or we are unsure)."""
    text = str(state.slots.get("first_text", ""))
    guess = classify_intent(text, turn.language) if text.strip() else None
    route = ROUTES.get(guess.intent) if guess is not None and guess.confidence >= SURE_ENOUGH else None
    if guess is None or route is None:
        return ActResult("greeting")
    turn.citizen.privacy_notice_at = turn.now
    greeting = Outbound((Text(SHORT_WELCOME, {"center": center_name(turn.center, turn.language)}),))
    return ActResult(_outcome(guess.intent, text), slots=_slots(guess.intent, text), messages=(greeting,))


def _outcome(intent: Intent, text: str) -> str:
    if intent is Intent.REQUEST and guess_category(text)[1] < SURE_OF_CATEGORY:
        return "request_category"  # not sure what about: the list of categories
    return ROUTES[intent]


def _slots(intent: Intent, text: str) -> dict[str, str]:
    if intent is Intent.FOOD_AID:
        return {"category": "food_aid"}
    if intent is Intent.REQUEST:
        category, share = guess_category(text)
        return {"category": category.value} if share >= SURE_OF_CATEGORY else {}
    return {}


ACTIONS = {"first_question": first_question}
