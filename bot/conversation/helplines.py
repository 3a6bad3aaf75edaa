"""National helplines, the languages they answer in, and which to give for which crisis."""

from __future__ import annotations

from dataclasses import dataclass

from bot.outbound import N_, Outbound, Text
from bot.understanding.crisis import CrisisKind


@dataclass(frozen=True)
class Helpline:
    """A phone line that answers around the clock."""

    number: str
    name: str
    languages: str


EMERGENCY = Helpline(
    "112", N_("Emergency (ambulance, police, fire)"), N_("Greek, English and other languages")
)
POLICE = Helpline("100", N_("Police"), N_("Greek, English"))
WOMEN_SOS = Helpline("15900", N_("SOS line for violence against women"), N_("Greek, English"))
CHILDREN_SOS = Helpline("1056", N_("SOS line for children (Το Χαμόγελο του Παιδιού)"), N_("Greek, English"))
PSYCHOSOCIAL = Helpline("10306", N_("Psychosocial support line"), N_("Greek, English"))
SUICIDE_PREVENTION = Helpline("1018", N_("Suicide prevention line (Κλίμακα)"), N_("Greek, English"))
SOCIAL_EMERGENCIES = Helpline("197", N_("Social help line (ΕΚΚΑ)"), N_("Greek, English"))

ALL_HELPLINES = (
    EMERGENCY,
    POLICE,
    WOMEN_SOS,
    CHILDREN_SOS,
    PSYCHOSOCIAL,
    SUICIDE_PREVENTION,
    SOCIAL_EMERGENCIES,
)

FOR_CRISIS = {
    CrisisKind.SELF_HARM: (SUICIDE_PREVENTION, PSYCHOSOCIAL, EMERGENCY),
    CrisisKind.VIOLENCE: (EMERGENCY, WOMEN_SOS, POLICE, SOCIAL_EMERGENCIES),
    CrisisKind.CHILD: (EMERGENCY, CHILDREN_SOS, POLICE),
    CrisisKind.DANGER: (EMERGENCY, POLICE),
}

_LINE = N_("{number}: {name} ({languages})")


def helpline_lines(lines: tuple[Helpline, ...]) -> tuple[Text, ...]:
    """One paragraph per helpline: number, what it is, languages."""
    return tuple(
        Text(_LINE, {"number": line.number, "name": Text(line.name), "languages": Text(line.languages)})
        for line in lines
    )


def crisis_message(kind: CrisisKind, *, staff_told: bool = True) -> Outbound:
    """The first answer to a crisis: call now, which numbers, and (when a case was opened) that staff know."""
    intro = {
        CrisisKind.SELF_HARM: N_("You are not alone. Please call now, someone will listen, day and night:"),
        CrisisKind.VIOLENCE: N_(
            "You deserve to be safe. If you are in danger now, call 112. Help day and night:"
        ),
        CrisisKind.CHILD: N_(
            "A child's safety comes first. If the child is in danger now, call 112. Help day and night:"
        ),
        CrisisKind.DANGER: N_("If you are in danger now, call 112 immediately."),
    }[kind]
    outro = (
        (Text(N_("We have told our staff; they will contact you as soon as possible.")),)
        if staff_told
        else ()
    )
    return Outbound((Text(intro), *helpline_lines(FOR_CRISIS[kind]), *outro), essential=True)
