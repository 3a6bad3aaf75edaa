"""Words that may speak of a crisis: the helplines are already shown; one tap asks whether the citizen is safe."""

from bot.engine import Act, Choose, End, Flow, Option, Say
from bot.outbound import N_, Text

FLOW = Flow.of(
    "safety",
    Choose(
        "ask",
        Text(N_("Are you safe right now?")),
        options=(
            Option("yes", Text(N_("Yes, I am safe")), next="safe"),
            Option("no", Text(N_("No")), next="unsafe"),
        ),
    ),
    Say(
        "safe",
        Text(N_("Thank you. Write to us whenever you need; the numbers above answer day and night.")),
        next="end",
    ),
    # Not safe: an urgent case for a person, as for the words of the crisis lexicon.
    Act("unsafe", "open_safety_case", next="end"),
    End("end"),
)
