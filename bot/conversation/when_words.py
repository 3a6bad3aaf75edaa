"""A wish for a day and a part of the day in the citizen's own words: "Τρίτη πρωί", "triti", "Tuesday afternoon".

Weekday names come from Babel for all twelve languages; Greek and Greeklish meet in the sound skeleton
(``Τρίτη`` and ``trith`` are both ``triti``); parts of the day and "today"/"tomorrow" are listed by hand.
Nothing here is a date typed by the citizen: the wish only narrows the times offered as choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel.dates import get_day_names

from bot.understanding.text import normalise, skeleton
from frontdesk.availability import PartOfDay
from storage.enums import Language

# Greek words in their sound skeleton (Greek and Greeklish alike); whole words, inflected forms listed.
_GREEK_WEEKDAYS = {
    0: ("Δευτέρα", "Δευτέρες", "Δευ"),
    1: ("Τρίτη", "Τρίτες", "Τρι"),
    2: ("Τετάρτη", "Τετάρτες", "Τετ"),
    3: ("Πέμπτη", "Πέμπτες", "Πεμ"),
    4: ("Παρασκευή", "Παρασκευές", "Παρ"),
    5: ("Σάββατο", "Σάββατα", "Σαβ"),
    6: ("Κυριακή", "Κυριακές", "Κυρ"),
}
# Centers close in the early afternoon: "απόγευμα" (late afternoon) means "after noon" to a citizen here.
_GREEK_PARTS: dict[PartOfDay, tuple[str, ...]] = {
    "morning": ("πρωί", "πρωινό", "πρωινή", "πρωινές", "πρωινά", "νωρίς"),
    "afternoon": ("μεσημέρι", "μεσημεριανό", "απόγευμα", "απογευματινό", "απογευματινή", "απογεύματα"),
    "evening": ("βράδυ", "βραδινό", "βραδάκι"),
}
_GREEK_DAYS_AHEAD = {0: ("σήμερα",), 1: ("αύριο",), 2: ("μεθαύριο",)}

# Other languages, normalised (lower case, no accents); weekday names come from Babel.
_PARTS: dict[PartOfDay, tuple[str, ...]] = {
    "morning": (
        "morning", "mornings", "matin", "matinee", "утро", "утром", "утра", "ранок",
        "вранці", "зранку", "mengjes", "paradite", "sibeh", "subax", "صباح", "الصباح", "صباحا", "صبح",
        "سهار",
    ),
    "afternoon": (
        "afternoon", "afternoons", "noon", "midday", "lunchtime", "apres midi", "днем", "днём",
        "после обеда", "вдень", "після обіду", "по обіді", "pasdite", "nivro", "pisti nivro", "galab",
        "بعد الظهر", "ظهرا", "بعدازظهر", "بعد از ظهر", "عصر", "دوپہر", "سہ پہر", "غرمه", "ماسپښین",
    ),
    "evening": (
        "evening", "evenings", "soir", "soiree", "вечер", "вечером", "ввечері", "вечір", "mbremje",
        "evar", "fiid", "مساء", "المساء", "شب", "شام", "ماښام",
    ),
}  # fmt: skip
_DAYS_AHEAD = {
    0: ("today", "aujourd hui", "сегодня", "сьогодні", "sot", "iro", "maanta", "اليوم", "امروز", "آج", "نن"),
    1: ("tomorrow", "demain", "завтра", "neser", "berri", "غدا", "بكرة", "فردا", "سبا"),
}


@dataclass(frozen=True)
class When:
    """A weekday (0 is Monday), a part of the day, or a day counted from today; any of them may be missing."""

    weekday: int | None = None
    part: PartOfDay | None = None
    days_ahead: int | None = None

    def encode(self) -> str:
        """The wish as a conversation slot holds it: ``weekday|part|days_ahead``."""
        fields = (self.weekday, self.part, self.days_ahead)
        return "|".join("" if value is None else str(value) for value in fields)

    @classmethod
    def decode(cls, value: str) -> When:
        """The wish a slot holds."""
        weekday, part, ahead = value.split("|")
        return cls(int(weekday) if weekday else None, _PART_NAMES.get(part), int(ahead) if ahead else None)


_PART_NAMES: dict[str, PartOfDay] = {"morning": "morning", "afternoon": "afternoon", "evening": "evening"}


@cache
def _phrases() -> tuple[tuple[str, str, str | int], ...]:
    """(normal form, kind, value) of every known word, longest first so "سه شنبه" beats "شنبه"."""
    found: set[tuple[str, str, str | int]] = set()
    for language in Language:
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                names = get_day_names(width, context, locale=language.value)
                for weekday, name in names.items():
                    for form in _forms(normalise(name)):
                        found.add((form, "weekday", weekday))
    for part, words in _PARTS.items():
        found.update((normalise(word), "part", part) for word in words)
    for ahead, words in _DAYS_AHEAD.items():
        found.update((normalise(word), "ahead", ahead) for word in words)
    return tuple(sorted(found, key=lambda item: (-len(item[0]), item[0])))


def _forms(name: str) -> tuple[str, ...]:
    # Arabic names carry the article ("الثلاثاء"); citizens also write them without it, and Persian ones
    # with or without the joining space ("سه شنبه", "سهشنبه").
    forms = {name, name.replace(" ", "")}
    if name.startswith("ال"):
        forms.add(name[2:])
    return tuple(form for form in forms if len(form) >= 2)


@cache
def _greek_words() -> dict[str, tuple[str, str | int]]:
    words: dict[str, tuple[str, str | int]] = {}
    for weekday, names in _GREEK_WEEKDAYS.items():
        words.update({skeleton(name): ("weekday", weekday) for name in names})
    for part, part_words in _GREEK_PARTS.items():
        words.update({skeleton(word): ("part", part) for word in part_words})
    for ahead, day_words in _GREEK_DAYS_AHEAD.items():
        words.update({skeleton(word): ("ahead", ahead) for word in day_words})
    return words


def parse_when(text: str) -> When | None:
    """The day and part of the day a reply asks for, or None when it names neither."""
    found: dict[str, str | int] = {}
    greek = _greek_words()
    for word in skeleton(text).split():
        if word in greek:
            kind, value = greek[word]
            found.setdefault(kind, value)
    rest = f" {normalise(text)} "
    for phrase, kind, value in _phrases():
        if f" {phrase} " in rest:
            found.setdefault(kind, value)
            # A matched phrase is used up: "شنبه" inside "سه شنبه" is not Saturday as well.
            rest = rest.replace(f" {phrase} ", "  ")
    if not found:
        return None
    weekday, part, ahead = found.get("weekday"), found.get("part"), found.get("ahead")
    return When(
        weekday if isinstance(weekday, int) else None,
        _PART_NAMES.get(str(part)),
        ahead if isinstance(ahead, int) else None,
    )
