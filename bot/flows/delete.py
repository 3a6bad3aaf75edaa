"""Erasure at the citizen's request, confirmed before anything is erased."""

from bot.engine import Act, Choose, End, Flow, Goto, Option, Say
from bot.outbound import N_, Text

FLOW = Flow.of(
    "delete",
    Choose(
        "confirm",
        Text(
            N_(
                "This deletes your messages, bookings, subscriptions and your number or chat from our records. "
                "Requests that our staff are already handling are kept, without your contact details. Delete?"
            )
        ),
        options=(
            Option("yes", Text(N_("Yes, delete my data")), next="erase"),
            Option("no", Text(N_("No, keep my data")), next="kept"),
        ),
    ),
    Act("erase", "erase_my_data", next="end"),
    Say("kept", Text(N_("Nothing was deleted.")), next="to_menu"),
    End("end"),
    Goto("to_menu", "menu"),
)
