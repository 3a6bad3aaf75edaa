"""Information: what the center does, hours, contact, services, documents, benefits, helplines."""

from bot.engine import Act, Choose, Flow, Goto, Option
from bot.outbound import N_, Text

TOPICS = (
    ("about", N_("What we do")),
    ("hours", N_("Opening hours")),
    ("contact", N_("Address and phone")),
    ("services", N_("Our services")),
    ("documents", N_("Documents to bring")),
    ("benefits", N_("Benefits")),
    ("helplines", N_("Helplines")),
)

FLOW = Flow.of(
    "info",
    Choose(
        "topics",
        Text(N_("What would you like to know?")),
        options=(
            *(Option(key, Text(label), next=key) for key, label in TOPICS),
            Option("menu", Text(N_("Main menu")), next="to_menu"),
        ),
    ),
    *(Act(key, f"info_{key}", next="more") for key, _label in TOPICS),
    Choose(
        "more",
        Text(N_("Anything else?")),
        options=(
            Option("topics", Text(N_("More information")), next="topics"),
            Option("menu", Text(N_("Main menu")), next="to_menu"),
        ),
    ),
    Goto("to_menu", "menu"),
)
