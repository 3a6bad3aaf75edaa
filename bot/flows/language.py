"""Changing the language at any time."""

from bot.engine import Act, Choose, Flow, Goto
from bot.outbound import Text

FLOW = Flow.of(
    "language",
    # Every language is listed in its own name, so the prompt is bilingual too.
    Choose(
        "pick",
        Text.verbatim("Επιλέξτε γλώσσα / Choose your language:"),
        options_from="languages",
        slot="language",
        next="set",
    ),
    Act("set", "set_language", next="to_menu"),
    Goto("to_menu", "menu"),
)
