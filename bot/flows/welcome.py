"""First contact: language (detected and confirmed, or chosen), greeting, privacy notice, menu."""

from bot.engine import Act, Choose, Flow, Goto
from bot.outbound import Text

FLOW = Flow.of(
    "welcome",
    Act("detect", "detect_language", next={"detected": "greet", "unknown": "pick"}),
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
)
