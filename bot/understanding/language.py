"""Offline language detection of a first message: Greek script, Greeklish, then lingua."""

from __future__ import annotations

from functools import cache

from lingua import Language as LinguaLanguage
from lingua import LanguageDetectorBuilder

from bot.understanding.lexicon import greetings, keywords, menu_synonyms
from bot.understanding.text import has_greek, normalise, skeleton
from storage.enums import Language

# lingua knows ten of our twelve languages; Pashto and Kurmanji get the language menu instead.
_LINGUA = {
    LinguaLanguage.GREEK: Language.EL,
    LinguaLanguage.ENGLISH: Language.EN,
    LinguaLanguage.ARABIC: Language.AR,
    LinguaLanguage.PERSIAN: Language.FA,
    LinguaLanguage.UKRAINIAN: Language.UK,
    LinguaLanguage.URDU: Language.UR,
    LinguaLanguage.FRENCH: Language.FR,
    LinguaLanguage.ALBANIAN: Language.SQ,
    LinguaLanguage.SOMALI: Language.SO,
    LinguaLanguage.RUSSIAN: Language.RU,
}
MIN_CONFIDENCE = 0.55
MIN_LETTERS = 4

# Common Greeklish words: lingua reads Greeklish as French or Albanian, so they are checked first.
_GREEKLISH_WORDS = frozenset(
    {
        "kalimera", "kalispera", "geia", "gia", "sas", "thelo", "8elo", "thelw", "8elw", "rantevou", "radevu",
        "parakalo", "parakalw", "efxaristo", "eyxaristw", "euxaristw", "voitheia", "voithia", "boitheia",
        "xreiazomai", "xriazome", "exo", "exw", "den", "einai", "ine", "pou", "pws", "pos", "ti", "na", "kai",
        "mou", "me", "to", "ta", "tin", "thn", "tou", "stin", "sto", "kentro", "koinotitas", "epidoma",
    }
)  # fmt: skip


@cache
def _detector() -> object:
    # Low accuracy mode: ~33 MB instead of ~350 MB, plenty for whole sentences.
    return LanguageDetectorBuilder.from_languages(*_LINGUA).with_low_accuracy_mode().build()


@cache
def _own_words() -> dict[str, Language]:
    """Keywords, menu words and greetings of each language, which identify it even in one word."""
    words: dict[str, Language] = {}
    for table in (keywords(), menu_synonyms()):
        for languages in table.values():
            for code, phrases in languages.items():
                for phrase in phrases:
                    words.setdefault(normalise(phrase), Language(code))
    for code, phrases in greetings().items():
        for phrase in phrases:
            words.setdefault(normalise(phrase), Language(code))
    return words


def looks_greeklish(text: str) -> bool:
    """Tell whether Latin text is Greek written in Latin letters."""
    words = normalise(text).split()
    if not words:
        return False
    hits = sum(1 for word in words if word in _GREEKLISH_WORDS or skeleton(word) in _GREEKLISH_WORDS)
    return hits >= max(1, len(words) // 3)


# Letters only Pashto uses among Arabic-script languages; lingua does not know Pashto.
_PASHTO_LETTERS = frozenset("ټډړږښګڼۍېځڅ")
# Kurmanji writes ê, î, û (Albanian writes ë): a cheap tell, since lingua does not know Kurmanji.
_KURMANJI_LETTERS = frozenset("êîû")


def detect_language(text: str) -> Language | None:
    """Our language a first message is clearly written in, or None when unsure."""
    if text.strip().startswith("/"):
        return None
    lowered = text.casefold()
    if any(char in _PASHTO_LETTERS for char in lowered):
        return Language.PS
    if any(char in _KURMANJI_LETTERS for char in lowered) and "ë" not in lowered:
        return Language.KU
    plain = normalise(text)
    if sum(char.isalpha() for char in plain) < 2:
        return None
    if has_greek(plain):
        return Language.EL
    if plain in _own_words():
        return _own_words()[plain]
    if looks_greeklish(plain):
        return Language.EL
    if sum(char.isalpha() for char in plain) < MIN_LETTERS:
        return None
    detector = _detector()
    values = detector.compute_language_confidence_values(text)  # type: ignore[attr-defined]
    if not values or values[0].value < MIN_CONFIDENCE:
        return None
    return _LINGUA.get(values[0].language)
