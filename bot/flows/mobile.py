"""The mobile unit: where it goes, when it comes next, booking a place, announcements, home visits."""

from bot.engine import Act, Ask, Choose, End, Flow, Goto, Option
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
    Act("show", "mobile_area_visits", next={"what": "what", "move": "visit"}),
    Choose("what", Text(N_("What would you like to do?")), options_from="mobile_actions"),
    Choose(
        "visit",
        Text(N_("Which visit would you like a place at?")),
        options_from="area_visits",
        slot="visit",
        next="visit_picked",
    ),
    Act("visit_picked", "picked_visit", next={"ok": "visit_confirm", "gone": "show"}),
    Choose(
        "visit_confirm",
        Text(N_("{booking}. Shall we book you a place?")),
        options=(
            Option("yes", Text(N_("Yes, book it")), next="visit_book"),
            Option("no", Text(N_("No, another visit")), next="visit"),
        ),
    ),
    Act("visit_book", "book_picked_visit", next={"booked": "end", "done": "end", "full": "show"}),
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
    End("end"),
    Goto("to_menu", "menu"),
)
