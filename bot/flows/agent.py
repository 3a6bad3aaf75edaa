"""Talking to a person: staff answer in opening hours; otherwise a call-back at a time the citizen chooses."""

from bot.engine import Act, Ask, Choose, End, Flow, Goto, Option, Words
from bot.outbound import N_, Text

_CALL_ME = Option("yes", Text(N_("Yes, call me")), next="callback_phone")
_NO_THANKS = Option("no", Text(N_("No, thank you")), next="to_menu")

FLOW = Flow.of(
    "agent",
    Act("check", "agent_availability", next={"open": "open_case", "closed": "callback_offer"}),
    Act("open_case", "open_agent_case", next="end"),
    Choose(
        "callback_offer",
        Text(N_("Would you like us to call you when we open?")),
        options=(_CALL_ME, _NO_THANKS),
    ),
    Choose("voice_offer", Text(N_("Would you like us to call you back?")), options=(_CALL_ME, _NO_THANKS)),
    Ask(
        "callback_phone",
        Text(N_("Which phone number should we call?")),
        slot="phone",
        next="callback_times",
        check="phone",
        retry=Text(
            N_("That does not look like a phone number. Please write all 10 digits, e.g. 6912345678.")
        ),
    ),
    # A real call-back time, chosen like an appointment; when none suits, a case and we call when we can.
    Act("callback_times", "offer_callback_times", next={"some": "callback_time", "none": "callback_case"}),
    Choose(
        "callback_time",
        Text(N_("When should we call you? Or write a day (e.g. Tuesday morning):")),
        options_from="offered_times",
        slot="pick",
        words=Words("when_words", "when", "callback_wish"),
    ),
    Act("callback_wish", "offer_times", next={"some": "callback_time", "none": "callback_case"}),
    Act("later", "later_times", next={"some": "callback_time", "none": "callback_case"}),
    Act("picked", "book_callback", next={"booked": "end", "taken": "callback_time", "none": "callback_case"}),
    Act("nothing", "open_callback_case", next="end"),
    Act("callback_case", "open_callback_case", next="end"),
    Choose(
        "offer",
        Text(N_("It seems hard to find what you need here. Would you like to talk to a person?")),
        options=(
            Option("yes", Text(N_("Yes, talk to a person")), next="check"),
            Option("no", Text(N_("No, show the menu")), next="to_menu"),
        ),
    ),
    End("end"),
    Goto("to_menu", "menu"),
)
