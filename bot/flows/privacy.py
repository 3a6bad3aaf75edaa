"""Privacy: what we keep and why, a copy of one's data, erasure."""

from bot.engine import Act, Choose, Flow, Goto, Option
from bot.outbound import N_, Text

FLOW = Flow.of(
    "privacy",
    Act("notice", "privacy_details", next="what"),
    Choose(
        "what",
        Text(N_("What would you like to do?")),
        options=(
            Option("export", Text(N_("Send me a copy of my data")), next="export"),
            Option("delete", Text(N_("Delete my data")), next="to_delete"),
            Option("menu", Text(N_("Main menu")), next="to_menu"),
        ),
    ),
    Act("export", "request_export", next="to_menu"),
    Goto("to_delete", "delete"),
    Goto("to_menu", "menu"),
)
