"""Booking an appointment: the service, one of the next free times (or a day in words), confirm, receipt.

No dates are typed: times are offered a few at a time as choices; "Tuesday morning" narrows the offer.
When nothing suits, the citizen may join the waiting list and is offered the first time that frees up.
"""

from bot.engine import Act, Choose, End, Flow, Goto, Option, Words
from bot.outbound import N_, Text

FLOW = Flow.of(
    "appointment",
    Act("services", "booking_services", next={"many": "service", "one": "times", "none": "to_menu"}),
    Choose(
        "service",
        Text(N_("Who would you like an appointment with?")),
        options_from="booking_services",
        slot="service",
        next="times",
    ),
    Act("times", "offer_times", next={"some": "time", "none": "nothing"}),
    Choose(
        "time",
        Text(N_("Choose a time, or write a day (e.g. Tuesday morning):")),
        options_from="offered_times",
        slot="pick",
        words=Words("when_words", "when", "times"),
    ),
    Act("later", "later_times", next={"some": "time", "none": "nothing"}),
    Act("picked", "picked_time", next={"ok": "confirm", "gone": "times"}),
    Choose(
        "confirm",
        Text(N_("{booking}. Shall we book it?")),
        options=(
            Option("yes", Text(N_("Yes, book it")), next="book"),
            Option("no", Text(N_("No, another time")), next="time"),
        ),
    ),
    Act(
        "book", "book_picked_time", next={"booked": "end", "done": "end", "taken": "time", "none": "nothing"}
    ),
    Choose(
        "nothing",
        Text(N_("No time suits? We can offer you the first time that frees up.")),
        options=(
            Option("wait", Text(N_("Yes, put me on the waiting list")), next="wait"),
            Option("no", Text(N_("No, thank you")), next="to_menu"),
        ),
    ),
    Act("wait", "join_waiting_list", next="end"),
    End("end"),
    Goto("to_menu", "menu"),
)
