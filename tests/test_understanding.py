"""Understanding without buttons: normal forms, Greeklish, numbers, place names, commands and intents."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.understanding.intents import GREETING, guess_intent
from bot.understanding.keywords import Command, detect_command
from bot.understanding.lexicon import (
    LEXICON_DIR,
    crisis_phrases,
    greetings,
    keywords,
    menu_synonyms,
    review_status,
)
from bot.understanding.text import best_match, has_greek, normalise, parse_number, skeleton

LANGUAGES = ("el", "en", "ar", "fa", "uk", "ur", "fr", "sq", "ps", "ku", "so", "ru")
MENU_OPTIONS = ("info", "request", "appointment", "mobile", "bookings", "agent", "language", "privacy")
GREEKLISH = Path(__file__).parent / "data" / "greeklish.toml"
ISLANDS = [
    ("folegandros", "Φολέγανδρος"),
    ("folegandros", "Folegandros"),
    ("ios", "Ίος"),
    ("ios", "Ios"),
    ("sikinos", "Σίκινος"),
    ("anafi", "Ανάφη"),
]


def _greeklish_cases() -> list[dict[str, str]]:
    with GREEKLISH.open("rb") as file:
        cases: list[dict[str, str]] = tomllib.load(file)["case"]
    return cases


# --- Greeklish and Greek as people type it ------------------------------------------------------------------


def test_greeklish_set_is_understood() -> None:
    cases = _greeklish_cases()
    misses = [(case["text"], case["intent"], guess_intent(case["text"])) for case in cases]
    misses = [miss for miss in misses if miss[1] != miss[2]]
    understood = len(cases) - len(misses)
    print(
        f"\nGreeklish understood: {understood}/{len(cases)} ({understood / len(cases):.1%})"
        + "".join(f"\n  miss: {text!r} expected {want}, got {got}" for text, want, got in misses)
    )
    assert len(cases) >= 60
    assert understood >= 40
    assert understood / len(cases) >= 0.95


def test_greeklish_set_covers_every_intent() -> None:
    intents = {case["intent"] for case in _greeklish_cases()}
    allowed = {*MENU_OPTIONS, GREETING, *(f"command:{command.value}" for command in Command)}
    assert intents <= allowed
    assert {*MENU_OPTIONS, GREETING} <= intents
    for command in ("stop", "menu", "help", "language", "agent", "delete", "info", "back", "more", "start"):
        assert f"command:{command}" in intents


# --- The lexicon --------------------------------------------------------------------------------------------


def test_lexicon_covers_every_language() -> None:
    assert set(keywords()) == {command.value for command in Command}
    for command, languages in keywords().items():
        assert set(languages) == set(LANGUAGES), command
        assert all(languages.values()), command
    assert set(menu_synonyms()) == set(MENU_OPTIONS)
    for option, languages in menu_synonyms().items():
        assert set(languages) == set(LANGUAGES), option
        assert all(len(phrases) >= 2 for phrases in languages.values()), option
    assert set(greetings()) == set(LANGUAGES)


def test_keywords_do_not_clash() -> None:
    """A word (or the sound of a Greek word) belongs to one command only."""
    owners: dict[str, set[str]] = {}
    for command, languages in keywords().items():
        for words in languages.values():
            for word in words:
                assert 0 < len(normalise(word)) <= 40, word
                owners.setdefault(normalise(word), set()).add(command)
                if has_greek(word):
                    owners.setdefault(f"sound:{skeleton(word)}", set()).add(command)
    assert {word: names for word, names in owners.items() if len(names) > 1} == {}


def test_every_lexicon_file_is_read_and_says_whether_it_was_reviewed() -> None:
    on_disk = {path.relative_to(LEXICON_DIR).as_posix() for path in LEXICON_DIR.glob("*/*.toml")}
    assert {f"{kind}/{language}.toml" for kind in ("crisis", "keywords") for language in LANGUAGES} <= on_disk
    reviews = review_status()
    assert set(reviews) == on_disk
    for name, review in reviews.items():
        assert review.reviewer or not review.native_review, f"{name}: a review names its reviewer"


@pytest.mark.parametrize(
    ("language", "spelling"),
    [
        ("en", "kill my self"),  # "{kill,killing,kil} {myself,my self}"
        ("fa", "میخوام بمیرم"),  # "{می_خوام,...} {بمیرم,...}": a half-space, joined
        ("fa", "می خوام بمیرم"),  # ... and spaced
        ("uk", "вбʼю себе"),  # "{вбити,вб'ю,убити,уб'ю} себе": the other apostrophe
        ("uk", "вбю себе"),  # ... and none
        ("ur", "جان خطری مین"),  # "جان خطرے میں" on a Persian keyboard
        ("ur", "جان خطري مين"),  # ... and on an Arabic one
        ("ar", "واتمنى اموت"),  # "اتمنى اموت" with "and" attached
        ("el", "τελοσ σθν ζωη μου"),  # "τέλος στη{,ν} ζωή μου": Greeklish "thn" is read as θν
    ],
)
def test_crisis_notation_is_spelt_out(language: str, spelling: str) -> None:
    assert any(spelling in phrases for phrases in crisis_phrases()[language].values())


@pytest.mark.parametrize("command", [command.value for command in Command])
def test_every_keyword_is_its_command(command: str) -> None:
    for words in keywords()[command].values():
        for word in words:
            assert detect_command(word) == Command(command), word
            assert guess_intent(word) == f"command:{command}", word


@pytest.mark.parametrize("option", MENU_OPTIONS)
def test_every_menu_phrase_picks_its_option(option: str) -> None:
    for phrases in menu_synonyms()[option].values():
        for phrase in phrases:
            assert guess_intent(phrase) in {option, f"command:{option}"}, phrase


@pytest.mark.parametrize("language", LANGUAGES)
def test_greetings_in_every_language(language: str) -> None:
    for word in greetings()[language]:
        assert guess_intent(word) == GREETING, word


# --- Global commands ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_stop_and_menu_in_every_language(language: str) -> None:
    for word in keywords()["stop"][language]:
        assert detect_command(word) is Command.STOP, word
        assert detect_command(word.upper()) is Command.STOP, word
    for word in keywords()["menu"][language]:
        assert detect_command(word) is Command.MENU, word


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("STOP", Command.STOP),
        ("STOPALL", Command.STOP),
        ("UNSUBSCRIBE", Command.STOP),
        ("CANCEL", Command.STOP),
        ("END", Command.STOP),
        ("QUIT", Command.STOP),
        (" Stop! ", Command.STOP),
        ("ΔΙΑΚΟΠΗ", Command.STOP),
        ("ΣΤΟΠ", Command.STOP),
        ("διακοπη", Command.STOP),
        ("diakoph", Command.STOP),
        ("\u200fتوقف\u200e", Command.STOP),
        ("تَوَقَّفْ", Command.STOP),
        ("СТОП", Command.STOP),
        ("Arrêter", Command.STOP),
        ("ΒΟΗΘΕΙΑ", Command.HELP),
        ("Βοήθεια;", Command.HELP),
        ("voitheia", Command.HELP),
        ("Помощь", Command.HELP),
        ("0", Command.MENU),
        ("٠", Command.MENU),
        ("Μενού", Command.MENU),
        ("menou", Command.MENU),
        ("القائمة", Command.MENU),
        ("منو", Command.MENU),
        ("МЕНЮ", Command.MENU),
        ("διαγραφή δεδομένων", Command.DELETE),
        ("delete my data", Command.DELETE),
        ("γλωσσα", Command.LANGUAGE),
        ("/start", Command.START),
        ("/start ref-thira", Command.START),
        ("/menu@CenterBot", Command.MENU),
    ],
)
def test_commands(text: str, command: Command) -> None:
    assert detect_command(text) is command


@pytest.mark.parametrize(
    "answer",
    [
        # Yes and no in the twelve languages.
        *("yes", "no", "ok", "okay", "ναι", "όχι", "ΝΑΙ", "οκ", "nai", "oxi", "entaksei"),
        *("نعم", "لا", "بله", "نه", "так", "ні", "جی", "ہاں", "نہیں", "oui", "non"),
        *("po", "jo", "هو", "erê", "na", "haa", "maya", "да", "нет"),
        # Numbers (except 0, which is MENU), names, dates, times, places, phone numbers.
        *("1", "2", "12", "٢", "۲", "Μαρία Παπαδοπούλου", "Nikos", "Ahmad Karimi", "Fatima", "Olena"),
        *("12/05/2025", "15 Μαΐου", "αύριο", "Δευτέρα", "tomorrow", "10:30", "το πρωί"),
        *("Φολέγανδρος", "Folegandros", "Σαντορίνη", "Ίος", "Κέα", "Αθήνα", "6912345678", "+30 691 234 5678"),
        "/unknown",
    ],
)
def test_normal_answers_are_not_commands(answer: str) -> None:
    assert detect_command(answer) is None


# --- Intents of free text in other languages ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("I would like to book an appointment", "appointment"),
        ("hello, I need help with rent", "request"),
        ("what are your opening hours?", "info"),
        ("can I talk to a social worker", "agent"),
        ("when does the mobile unit come to Ios", "mobile"),
        ("مرحبا أريد موعد", "appointment"),
        ("أريد التحدث مع أخصائي اجتماعي", "agent"),
        ("ما هي ساعات العمل", "info"),
        ("سلام، نوبت میخواهم", "appointment"),
        ("Здравствуйте, хочу записаться на прием", "appointment"),
        ("Добрий день, мені потрібна допомога", "request"),
        ("bonjour je voudrais un rendez-vous", "appointment"),
        ("j'ai besoin d'aide alimentaire", "request"),
        ("Përshëndetje, dua një takim", "appointment"),
        ("Silav, randevû dixwazim", "appointment"),
        ("Waxaan rabaa ballan", "appointment"),
        ("مجھے مدد چاہیے", "request"),
        ("مرسته غواړم", "request"),
        ("где вы находитесь?", "info"),
        ("шукаю мої записи", "bookings"),
        ("شكرا جزيلا", GREETING),
        ("thank you very much", GREETING),
        ("Faleminderit shumë", GREETING),
    ],
)
def test_intents_in_other_languages(text: str, intent: str) -> None:
    assert guess_intent(text) == intent


# --- normalise, skeleton, parse_number ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Καλημέρα!", "καλημερα"),
        ("ΘΈΛΩ   ΡΑΝΤΕΒΟΎ;", "θελω ραντεβου"),
        ("Γεια σας", "γεια σασ"),
        ("ΓΕΙΑ ΣΑΣ", "γεια σασ"),
        ("Φολέγανδρος", "φολεγανδροσ"),
        ("Folégandros", "folegandros"),
        ("Arrêt", "arret"),
        ("\u200fمرحبا\u200e", "مرحبا"),
        ("\u202bسلام\u202c", "سلام"),
        ("sto\u200bp", "stop"),
        ("\ufeffstop\u2066", "stop"),
        ("δια\u00adκοπή", "διακοπη"),
        ("  μενού_κεντρικό  ", "μενου κεντρικο"),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("greek", "greeklish"),
    [
        ("θέλω ραντεβού", "8elw rantevou"),
        ("θέλω ραντεβού", "thelo rantevu"),
        ("καλημέρα", "kalhmera"),
        ("χρειάζομαι βοήθεια", "xreiazomai voitheia"),
        ("ψυχολόγο", "psyxologo"),
        ("υπάλληλος", "ypallhlos"),
        ("ξενοδοχείο", "3enodoxeio"),
        ("ΔΙΑΚΟΠΗ", "diakoph"),
        ("μπορώ", "mporw"),
        ("χαίρετε", "chairete"),
        ("Φολέγανδρος", "folegandros"),
        ("Αλόννησος", "Alonissos"),
        ("Σίκινος", "SIKINOS"),
    ],
)
def test_skeleton_of_greek_and_greeklish_meet(greek: str, greeklish: str) -> None:
    assert skeleton(greek) == skeleton(greeklish)


def test_skeleton_h_for_eta_before_a_vowel_digraph() -> None:
    assert skeleton("βοήθεια") == skeleton("boh8eia")


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("2", 2),
        (" 2. ", 2),
        ("12", 12),
        ("0", 0),
        ("٢", 2),
        ("۲", 2),
        ("١٢", 12),
        ("۱۵", 15),
        ("1000", None),
        ("δύο", None),
        ("2a", None),
        ("", None),
        ("ναι", None),
    ],
)
def test_parse_number(text: str, number: int | None) -> None:
    assert parse_number(text) == number


def test_parse_number_refuses_two_numbers() -> None:
    assert parse_number("1, 2") is None


# --- Fuzzy place names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "key"),
    [
        ("folegandro", "folegandros"),
        ("FOLEGANDROS", "folegandros"),
        ("φολεγανδρο", "folegandros"),
        ("Folégandros", "folegandros"),
        ("Φολέγανδρο", "folegandros"),
        ("sikino", "sikinos"),
        ("Σικινοσ", "sikinos"),
        ("anafh", "anafi"),
        ("ιος", "ios"),
        ("paris", None),
        ("santorini", None),
        ("fole", None),
    ],
)
def test_best_match_of_place_names(reply: str, key: str | None) -> None:
    assert best_match(reply, ISLANDS) == key


def test_specific_phrase_beats_the_phrase_it_contains() -> None:
    assert guess_intent("I want to cancel my appointment") == "bookings"
