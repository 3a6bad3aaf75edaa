"""The main menu; its options come from the host (the mobile unit only where a center has one)."""

from bot.engine import Choose, Flow, Goto
from bot.outbound import N_, Text

# Option keys of the main menu and the flow each one opens.
MAIN_MENU = (
    ("info", N_("Information"), "info"),
    ("request", N_("I need help"), "request"),
    ("appointment", N_("Appointment"), "appointment"),
    ("mobile", N_("Mobile unit"), "mobile"),
    ("bookings", N_("My bookings"), "bookings"),
    ("agent", N_("Talk to a person"), "agent"),
    ("language", N_("Language"), "language"),
    ("privacy", N_("Privacy"), "privacy"),
)


def entry_node(key: str) -> str:
    """The id of the menu node that opens the flow of the main-menu option ``key``."""
    return f"to_{key}"


FLOW = Flow.of(
    "menu",
    Choose("main", Text(N_("How can we help? Reply with a number.")), options_from="main_menu"),
    *(Goto(entry_node(key), target) for key, _label, target in MAIN_MENU),
)
