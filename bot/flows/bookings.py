"""The citizen's bookings: appointments and mobile-unit visits to come."""

from bot.engine import Act, Flow, Goto

FLOW = Flow.of(
    "bookings",
    Act("list", "list_bookings", next="to_menu"),
    Goto("to_menu", "menu"),
)
