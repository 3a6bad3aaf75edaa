"""The mobile unit: where it goes, when it comes next, announcements, home visits."""

from bot.engine import Act, Ask, Choose, Flow, Goto
from bot.outbound import N_, Text

FLOW = Flow.of(
    "mobile",
    Act("check", "mobile_unit_available", next={"yes": "area", "no": "to_menu"}),
    Choose(
        "area",
        Text(N_("Which village or island are you in?")),
        options_from="areas",
        slot="area",
        next="show",
    ),
    Act("show", "mobile_area_visits", next="what"),
    Choose("what", Text(N_("What would you like to do?")), options_from="mobile_actions"),
    Act("subscribe", "subscribe_area", next="to_menu"),
    Act("unsubscribe", "unsubscribe_area", next="to_menu"),
    Ask(
        "home_visit",
        Text(N_("Please tell us briefly why you need a home visit, and your village or address.")),
        slot="description",
        next="home_visit_case",
        check="description",
        retry=Text(N_("Please write a few words about what you need.")),
    ),
    Act("home_visit_case", "open_home_visit_case", next="to_menu"),
    Goto("to_menu", "menu"),
)
