"""First contact: language (detected and confirmed, or chosen), greeting, privacy notice, menu."""

from bot.engine import Act, Choose, Flow, Goto
from bot.outbound import Text

# Where each kind of first question is answered: (flow, node or None for its start).
ROUTES_TO = {
    "hours": ("info", "hours"),
    "contact": ("info", "contact"),
    "documents": ("info", "documents"),
    "benefits": ("info", "benefits"),
    "request": ("request", "for_whom"),
    "appointment": ("appointment", None),
    "mobile": ("mobile", None),
    "bookings": ("bookings", None),
    "agent": ("agent", None),
}

FLOW = Flow.of(
    "welcome",
    Act("detect", "detect_language", next={"detected": "first", "unknown": "pick"}),
    # A first message that asks something is answered (or its flow begun) after a one-line greeting.
    Act(
        "first",
        "first_question",
        next={"greeting": "greet", "request_category": "to_request_category"}
        | {route: f"to_{route}" for route in ROUTES_TO},
    ),
    # Shown before we know the language, so it speaks Greek and English at once.
    Choose(
        "pick",
        Text.verbatim("Επιλέξτε γλώσσα / Choose your language:"),
        options_from="languages",
        slot="language",
        next="set",
    ),
    Act("set", "set_language", next="greet"),
    Act("greet", "greet", next="to_menu"),
    Goto("to_menu", "menu"),
    *(Goto(f"to_{route}", flow, node=node) for route, (flow, node) in ROUTES_TO.items()),
    Goto("to_request_category", "request"),
)
