"""The citizen's bookings: appointments and mobile-unit places to come; cancel one (confirmed) or move it."""

from bot.engine import Act, Choose, End, Flow, Goto, Option
from bot.outbound import N_, Text

FLOW = Flow.of(
    "bookings",
    Act("list", "list_my_bookings", next={"none": "to_menu", "some": "pick"}),
    Choose(
        "pick",
        Text(N_("Your bookings. Choose one to cancel or move it:")),
        options_from="my_bookings",
        slot="chosen",
        next="chosen",
    ),
    Act("chosen", "describe_booking", next={"ok": "what", "gone": "list"}),
    Choose(
        "what",
        Text(N_("{booking}. What would you like to do?")),
        options=(
            Option("cancel", Text(N_("Cancel it")), next="cancel_confirm"),
            Option("move", Text(N_("Move it to another time")), next="move"),
            Option("menu", Text(N_("Main menu")), next="to_menu"),
        ),
    ),
    Choose(
        "cancel_confirm",
        Text(N_("{booking}. Shall we cancel it?")),
        options=(
            Option("yes", Text(N_("Yes, cancel it")), next="cancel"),
            Option("no", Text(N_("No, keep it")), next="to_menu"),
        ),
    ),
    Act("cancel", "cancel_my_booking", next="end"),
    Act("move", "move_my_booking", next={"appointment": "to_times", "visit": "to_visits", "gone": "list"}),
    Goto("to_times", "appointment", node="times"),
    Goto("to_visits", "mobile", node="show"),
    End("end"),
    Goto("to_menu", "menu"),
)
