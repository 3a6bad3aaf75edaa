"""Asking for an appointment with the social worker or the psychologist; staff agree the time."""

from bot.engine import Act, Ask, Choose, Flow, Goto, Option
from bot.outbound import N_, Text

FLOW = Flow.of(
    "appointment",
    Choose(
        "with",
        Text(N_("Who would you like to meet?")),
        options=(
            Option("social_worker", Text(N_("Social worker"))),
            Option("psychologist", Text(N_("Psychologist"))),
        ),
        slot="with",
        next="when",
    ),
    Ask(
        "when",
        Text(N_("Which days and times suit you? For example: Tuesday morning.")),
        slot="when",
        next="open",
        check="description",
        retry=Text(N_("Please write which days and times suit you.")),
    ),
    Act("open", "open_appointment_request", next="to_menu"),
    Goto("to_menu", "menu"),
)
