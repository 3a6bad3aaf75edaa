"""A day and a part of the day in the citizen's words narrow the times offered (never a typed date)."""

from __future__ import annotations

import pytest

from bot.conversation.turn import when_words
from bot.conversation.when_words import When, parse_when


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Τρίτη πρωί", When(1, "morning")),
        ("την Τρίτη το πρωί παρακαλώ", When(1, "morning")),
        ("triti prwi", When(1, "morning")),
        ("trith", When(1)),
        ("Πέμπτη απόγευμα", When(3, "afternoon")),
        ("pempth apogeuma", When(3, "afternoon")),
        ("Παρασκευή", When(4)),
        ("paraskeui", When(4)),
        ("Δευτέρα μεσημέρι", When(0, "afternoon")),
        ("απόγευμα", When(None, "afternoon")),
        ("αύριο το πρωί", When(None, "morning", 1)),
        ("avrio", When(None, None, 1)),
        ("Tuesday morning", When(1, "morning")),
        ("thursday afternoon please", When(3, "afternoon")),
        ("tomorrow", When(None, None, 1)),
        ("mardi matin", When(1, "morning")),
        ("вторник утром", When(1, "morning")),
        ("سه شنبه صبح", When(1, "morning")),
        ("شنبه", When(5)),
        ("الثلاثاء صباحا", When(1, "morning")),
        ("Talaado subax", When(1, "morning")),
        ("e martë pasdite", When(1, "afternoon")),
        ("sêşem", When(1)),
    ],
)
def test_days_and_parts_of_the_day_in_many_languages(text: str, expected: When) -> None:
    assert parse_when(text) == expected


@pytest.mark.parametrize(
    "text", ["1", "5", "Αργότερα", "later dates", "None of these suit me", "I am busy", "ok"]
)
def test_words_that_name_no_day_are_left_to_the_options(text: str) -> None:
    assert parse_when(text) is None
    assert when_words(text) is None


def test_a_wish_survives_the_conversation_slot() -> None:
    for wish in (When(1, "morning"), When(None, "evening"), When(None, None, 1), When(6)):
        assert When.decode(wish.encode()) == wish
