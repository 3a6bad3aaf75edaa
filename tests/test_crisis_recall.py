"""The recall layer of crisis detection: concept rules and a classifier, below the lexicon's alarm."""

from __future__ import annotations

import time
import tomllib
from pathlib import Path

import pytest

from bot.understanding.concepts import RULES, VETO, Found, find_concepts, fired
from bot.understanding.crisis import CrisisKind, assess_crisis, detect_crisis, recall_crisis
from bot.understanding.lexicon import crisis_concepts
from bot.understanding.text import normalise

CASES = Path(__file__).parent / "data" / "crisis_cases.toml"


# --- The examples of issue 12 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I can't go on anymore", CrisisKind.SELF_HARM),
        ("i've been saving up my meds, i think tonight is the night", CrisisKind.SELF_HARM),
        ("έχω μώλωπες παντού, μου επιτέθηκε ο σύντροφός μου", CrisisKind.VIOLENCE),
        ("муж опять поднял на меня руку", CrisisKind.VIOLENCE),
        ("یک مرد با چاقو پشت پنجره ما ایستاده", CrisisKind.DANGER),  # a man with a knife behind our window
    ],
)
def test_the_issues_crisis_messages_are_caught(text: str, kind: CrisisKind) -> None:
    assessment = assess_crisis(text)
    assert assessment.certainty in ("alarm", "unsure")
    assert assessment.kind is kind


@pytest.mark.parametrize(
    "text",
    [
        "in danger of missing the deadline",
        "this heat is killing me",
        "my phone died, can you call me back",
        "I'm trying to get in touch with the social worker",
        "η κόρη μου χτύπησε το πόδι της στο σχολείο, χρειάζεται γιατρό",
        "can I bring my kids to the appointment?",
        "Τι ώρες δουλεύει το κέντρο;",
    ],
)
def test_ordinary_messages_are_not_a_crisis(text: str) -> None:
    assert assess_crisis(text).certainty is None


# --- Vetoes: hyperbole, accidents, routine illness, rent, events ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "this deadline is killing me, can I send the papers on Monday?",
        "the landlord threatened to raise the rent again",
        "my wife has diabetes and takes her pills every day",
        "I'd like to sign up for the violence prevention workshop",
        "το παιδί έπεσε στο διάλειμμα και χτύπησε το γόνατο",
        "den antexw allo th zesth, exete klimatismo?",
        "kindyneyw na xasw to rantevou mou",
        "صاحب البيت هددنا يرفع الإيجار",
        "ky afat po më vret, a mund t'i sjell letrat nesër?",
        "xwediyê xanî gef dixwe ku kirê zêde bike",
    ],
)
def test_everyday_words_near_alarming_ones_are_not_a_crisis(text: str) -> None:
    assert assess_crisis(text).certainty is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A veto word stands near the rent, not near the choking.
        ("can you help with the rent form, my husband is choking me every night", CrisisKind.VIOLENCE),
        ("i dont want to wake up tomorrow", CrisisKind.SELF_HARM),
        ("не хочу завтра просыпаться", CrisisKind.SELF_HARM),
        ("nuk dua te zgjohem neser", CrisisKind.SELF_HARM),
        ("tell my kids i love them, i wont be here tomorrow", CrisisKind.SELF_HARM),
        ("me goditi me grusht dhe me theu hunden", CrisisKind.VIOLENCE),
        ("xesûya min û mêrê min li min didin", CrisisKind.VIOLENCE),
    ],
)
def test_new_wordings_of_a_crisis_are_caught(text: str, kind: CrisisKind) -> None:
    assessment = assess_crisis(text)
    assert assessment.certainty in ("alarm", "unsure")
    assert assessment.kind is kind


def test_a_veto_silences_likely_rules_but_never_strong_ones() -> None:
    near = list(find_concepts(normalise("the deadline is going to kill me")))
    assert not fired(near, frozenset({"en"}))
    strong = list(find_concepts(normalise("the deadline and then i will kill myself")))
    assert any(rule.kind == "self_harm" for rule, _ in fired(strong, frozenset({"en"})))


# --- Two layers ---------------------------------------------------------------------------------------------


def test_the_lexicon_is_the_alarm() -> None:
    assessment = assess_crisis("my husband beats me")
    signal = detect_crisis("my husband beats me")
    assert signal is not None
    assert (assessment.kind, assessment.language, assessment.certainty) == (
        signal.kind,
        signal.language,
        "alarm",
    )


def test_the_recall_layer_is_unsure_and_names_the_language() -> None:
    assert detect_crisis("муж опять поднял на меня руку") is None
    assessment = assess_crisis("муж опять поднял на меня руку")
    assert (assessment.certainty, assessment.language) == ("unsure", "ru")


def test_nothing_to_assess() -> None:
    assert assess_crisis("") == assess_crisis("ok")
    assert assess_crisis("").certainty is None
    assert recall_crisis("  ") is None


# --- Concepts and rules -------------------------------------------------------------------------------------


def test_concepts_are_found_with_the_words_they_cover() -> None:
    # "i can t go on really": the phrase "can t go on" covers words 1 to 4.
    found = {
        (item.concept, item.first, item.last) for item in find_concepts(normalise("I can't go on, really"))
    }
    assert ("hopeless", 1, 4) in found


def test_stems_meet_inflections_and_greek_meets_greeklish() -> None:
    assert any(item.concept == "harm" for item in find_concepts(normalise("ο σύζυγος με χτύπησε")))
    assert any(item.concept == "harm" for item in find_concepts(normalise("o syzygos me xtypise")))


def test_a_pair_must_stand_within_its_window() -> None:
    near = list(find_concepts("my husband hit me"))
    far = list(find_concepts("my husband works at the port and last summer the storm hit the boats"))
    assert any(rule.kind == "violence" for rule, _ in fired(near))
    assert not any(rule.first == "person" for rule, _ in fired(far))


def test_only_words_of_the_likely_languages_count() -> None:
    # Urdu "اور" (and) is Pashto for fire.
    found = [Found("emergency", "ps", 3, 3, 3)]
    assert fired(found, frozenset({"ur", "fa"})) == []
    assert [rule.kind for rule, _ in fired(found, frozenset({"ps"}))] == ["danger"]


def test_every_language_writes_every_concept_the_rules_name() -> None:
    named = {rule.first for rule in RULES} | {rule.second for rule in RULES if rule.second} | {VETO}
    for language, concepts in crisis_concepts().items():
        assert named <= set(concepts), (language, named - set(concepts))
        assert all(concepts[name] for name in named), language


# --- Measured on the repository's crisis case set (a development set: tuned on, unlike the held-out ones) -----


def test_recall_and_false_alarms_of_the_recall_layer_alone() -> None:
    with CASES.open("rb") as file:
        data = tomllib.load(file)
    crisis = [case["text"] for case in data["crisis"]]
    ordinary = [case["text"] for case in data["ordinary"]]
    recall = sum(recall_crisis(text) is not None for text in crisis) / len(crisis)
    false_alarms = sum(recall_crisis(text) is not None for text in ordinary) / len(ordinary)
    assert recall >= 0.9
    assert false_alarms <= 0.02


def test_matching_is_fast() -> None:
    with CASES.open("rb") as file:
        data = tomllib.load(file)
    texts = [case["text"] for case in (*data["crisis"], *data["ordinary"])]
    assess_crisis(texts[0])
    started = time.perf_counter()
    for text in texts:
        assess_crisis(text)
    assert (time.perf_counter() - started) / len(texts) < 0.005


# --- The development set (tests/data/dev: tuned on, never the held-out one) ------------------------------------


def test_the_development_set_stays_where_it_was_tuned() -> None:
    """A regression guard, not an estimate: the figures come from tests/dev_understanding.py."""
    from tests.dev_understanding import figures

    result = figures()
    hits = sum(result[split]["recall"][0] for split in result)
    total = sum(result[split]["recall"][1] for split in result)
    alarms = sum(result[split]["false_alarms"][0] for split in result)
    ordinary = sum(result[split]["false_alarms"][1] for split in result)
    right = sum(result[split]["intents"][0] for split in result)
    asked = sum(result[split]["intents"][1] for split in result)
    assert hits / total >= 0.96
    assert alarms / ordinary <= 0.03
    assert right / asked >= 0.95
