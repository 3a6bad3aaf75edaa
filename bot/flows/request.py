"""A request becomes a case: category, for whom, description, urgency, contact, consent."""

from bot.engine import Act, Ask, Choose, End, Flow, Option
from bot.outbound import N_, Text

CATEGORIES = (
    ("benefits", N_("Benefits and allowances")),
    ("food_aid", N_("Food aid")),
    ("employment", N_("Work")),
    ("psychosocial", N_("Emotional support")),
    ("legal", N_("Legal matters")),
    ("children", N_("Children and family")),
    ("housing", N_("Housing")),
    ("disability_elderly", N_("Disability or old age")),
    ("health_access", N_("Health care")),
    ("migration", N_("Residence and asylum")),
    ("violence", N_("Violence or abuse")),
    ("other", N_("Something else")),
)

SITUATIONS = (
    ("homeless", N_("No place to sleep")),
    ("child_risk", N_("A child is at risk")),
    ("disability", N_("Disability or serious illness")),
    ("eee", N_("I receive the minimum income (ΕΕΕ)")),
    ("none", N_("None of these")),
)

FLOW = Flow.of(
    "request",
    Choose(
        "category",
        Text(N_("What is your request about?")),
        options=tuple(Option(key, Text(label)) for key, label in CATEGORIES),
        slot="category",
        next="for_whom",
    ),
    Choose(
        "for_whom",
        Text(N_("Who is it for?")),
        options=(
            Option("self", Text(N_("For me"))),
            Option("family", Text(N_("For a family member"))),
            Option("other", Text(N_("For someone else"))),
        ),
        slot="for_whom",
        next="describe",
    ),
    Ask(
        "describe",
        Text(N_("Please describe in a few words what you need.")),
        slot="description",
        next="situation",
        check="description",
        retry=Text(N_("Please write a few words about what you need.")),
    ),
    Choose(
        "situation",
        Text(N_("Does one of these apply? It helps us answer urgent requests first.")),
        options=tuple(Option(key, Text(label)) for key, label in SITUATIONS),
        slot="situation",
        next="contact",
    ),
    Choose(
        "contact",
        Text(N_("How should we answer you?")),
        options=(
            Option("chat", Text(N_("Here, by message"))),
            Option("phone_call", Text(N_("By phone")), next="phone"),
        ),
        slot="contact",
        next="consent",
    ),
    Ask(
        "phone",
        Text(N_("Which phone number should we call?")),
        slot="phone",
        next="consent",
        check="phone",
        retry=Text(
            N_("That does not look like a phone number. Please write all 10 digits, e.g. 6912345678.")
        ),
    ),
    Choose(
        "consent",
        Text(
            N_(
                "If another service can help (for example ΔΥΠΑ or a hospital), may we share your request with it?"
            )
        ),
        options=(Option("yes", Text(N_("Yes"))), Option("no", Text(N_("No")))),
        slot="consent",
        next="open",
    ),
    # No menu after the receipt (three more SMS): the case is now a thread, MENU brings the menu back.
    Act("open", "open_request_case", next="done"),
    End("done"),
)
