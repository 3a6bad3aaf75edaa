"""Understanding replies without buttons: normal forms, Greeklish, numbers and fuzzy matching."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz

_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
_LATIN = re.compile(r"[a-z]")
_NOT_WORD = re.compile(r"[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")
# Bidi controls, zero-width characters and other invisible formatting citizens' phones insert.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]")

# Greek → a Latin "sound skeleton" shared with Greeklish: both spellings of a word meet here.
_GREEK_DIGRAPHS = (
    ("ου", "u"), ("αι", "e"), ("ει", "i"), ("οι", "i"), ("υι", "i"), ("αυ", "av"), ("ευ", "ev"),
    ("μπ", "b"), ("ντ", "d"), ("γκ", "g"), ("γγ", "g"), ("τσ", "ts"), ("τζ", "tz"),
)  # fmt: skip
_GREEK_LETTERS = str.maketrans(
    {
        "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "8", "ι": "i", "κ": "k",
        "λ": "l", "μ": "m", "ν": "n", "ξ": "ks", "ο": "o", "π": "p", "ρ": "r", "σ": "s", "τ": "t", "υ": "i",
        "φ": "f", "χ": "x", "ψ": "ps", "ω": "o",
    }
)  # fmt: skip
# Greeklish habits: 8 for θ, 3 for ξ, w for ω, x/ch/kh for χ, h for η, y and u for υ.
# Consonant digraphs go first, while "h" still belongs to "th"/"ch"; vowel digraphs go after the vowel letters
# (h, y, w …) are read, so that "voh8eia" and "βοήθεια" (whose η is already "i") meet.
_GREEKLISH_DIGRAPHS = (
    ("th", "8"), ("ch", "x"), ("kh", "x"), ("ps", "ps"), ("ks", "ks"), ("mp", "b"), ("nt", "d"), ("gk", "g"),
    ("gg", "g"), ("nd", "d"), ("oy", "u"), ("ou", "u"), ("eu", "ev"), ("au", "av"),
)  # fmt: skip
_GREEKLISH_VOWELS = (("ai", "e"), ("ei", "i"), ("oi", "i"), ("ee", "i"))
_GREEKLISH_LETTERS = str.maketrans(
    {"3": "ks", "w": "o", "h": "i", "y": "i", "u": "i", "j": "tz", "c": "k", "q": "k"}
)


# Arabic and Persian keyboards write yeh and kaf differently; Persian words typed either way must match.
_ARABIC_SCRIPT_VARIANTS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "ه"})


# Cached: fuzzy matching normalises the same lexicon phrases against every reply.
@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Lower case, no accents, final sigma as σ, no punctuation or invisible characters, single spaces."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).casefold()
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(char for char in decomposed if not unicodedata.combining(char))
    text = unicodedata.normalize("NFC", text).replace("ς", "σ").translate(_ARABIC_SCRIPT_VARIANTS)
    text = _NOT_WORD.sub(" ", text).replace("_", " ")
    return _SPACES.sub(" ", text).strip()


def has_greek(text: str) -> bool:
    """Tell whether a text contains Greek letters."""
    return bool(_GREEK.search(text))


def greek_letters(text: str) -> int:
    """How many Greek letters a text has."""
    return len(_GREEK.findall(text))


@lru_cache(maxsize=8192)
def skeleton(text: str) -> str:
    """The sound skeleton of Greek or Greeklish text (``θέλω ραντεβού`` and ``8elw rantevou`` → ``8elo radevi``)."""
    text = normalise(text)
    for greek, latin in _GREEK_DIGRAPHS:
        text = text.replace(greek, latin)
    text = text.translate(_GREEK_LETTERS)
    # Greeklish digits stand for letters only inside words: keep "8" in "8elw", not in "18".
    text = re.sub(r"(?<=[a-z])8|8(?=[a-z])", "8", text)
    # θ and χ never end a Greek word: a final "th"/"kh" is τη/κη ("kinhth", "koinwnikh").
    text = re.sub(r"(?<=[tk])h\b", "i", text)
    for latin, sound in _GREEKLISH_DIGRAPHS:
        text = text.replace(latin, sound)
    text = re.sub(r"(?<![0-9])3(?=[a-z])|(?<=[a-z])3", "ks", text)
    text = text.translate(_GREEKLISH_LETTERS)
    for latin, sound in _GREEKLISH_VOWELS:
        text = text.replace(latin, sound)
    text = text.replace("b", "v")
    # ευ/αυ sound "ef"/"af" before a voiceless consonant and are typed either way ("efxaristw", "euxaristw").
    text = re.sub(r"(?<=[ae])f(?=[^aeiou\s])", "v", text)
    # Stretched letters ("geiaaa", "kalimeraaa") are one letter.
    text = re.sub(r"([a-z])\1{2,}", r"\1", text)
    # Doubled consonants are one sound in Greek (Αλόννησος, Alonissos).
    text = re.sub(r"([b-df-hj-np-tv-z])\1", r"\1", text)
    return text


def parse_number(text: str) -> int | None:
    """The number a reply consists of (``"2"``, ``" 2. "``, ``"٢"``), if any."""
    digits = normalise(text)
    # One run of digits only: "1, 2" or "2-3" is not 12 or 23.
    if digits.isdigit() and len(digits) <= 3:
        return int(unicodedata.numeric(digits[0])) if len(digits) == 1 else int(digits)
    return None


def similarity(reply: str, phrase: str) -> float:
    """How well a reply matches a phrase (0-100), over plain and skeleton forms, whole or as part."""
    plain_reply, plain_phrase = normalise(reply), normalise(phrase)
    if not plain_reply or not plain_phrase:
        return 0.0
    if plain_reply == plain_phrase:
        return 100.0
    best = 0.0
    for left, right in ((plain_reply, plain_phrase), (skeleton(reply), skeleton(phrase))):
        if left == right:
            return 99.0
        best = max(best, fuzz.ratio(left, right))
        # "θέλω ραντεβού παρακαλώ" contains "ραντεβού": a phrase inside a longer reply counts, compared with
        # runs of whole words of the reply (not any fragment: "Fatima" must not contain "αίτημα").
        if len(right) >= 4 and len(left) > len(right):
            best = max(best, _window_ratio(right, left) - 5)
    return best


def _window_ratio(phrase: str, text: str) -> float:
    """The best ratio of a phrase against runs of whole words of a text (one word more or less)."""
    if phrase in text:
        return 100.0  # also glued to other words: "kalimerasas", "8elwrantevou"
    words, size = text.split(), len(phrase.split())
    best = 0.0
    for width in {max(1, size - 1), size, size + 1}:
        for start in range(len(words) - width + 1):
            best = max(best, fuzz.ratio(phrase, " ".join(words[start : start + width])))
    return best


def best_match(reply: str, candidates: Iterable[tuple[str, str]], threshold: float = 82.0) -> str | None:
    """The key whose phrase best matches the reply, when clearly better than every other key."""
    scores: dict[str, tuple[float, str]] = {}
    for key, phrase in candidates:
        score = similarity(reply, phrase)
        if score > scores.get(key, (0.0, ""))[0]:
            scores[key] = (score, phrase)
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda item: item[1][0], reverse=True)
    top_key, (top_score, _) = ranked[0]
    if top_score < threshold:
        return None
    close = [(key, phrase) for key, (score, phrase) in ranked if score >= top_score - 3]
    if len(close) == 1 or top_score >= 99:
        return top_key
    # "τα ραντεβού μου" beats "ραντεβού" in "θέλω να δω τα ραντεβού μου": the more specific phrase wins.
    for key, phrase in close:
        if all(other == key or contains_phrase(phrase, other_phrase) for other, other_phrase in close):
            return key
    return None


def contains_phrase(text: str, phrase: str) -> bool:
    """Tell whether a normalised phrase occurs in a text as whole words (plain or skeleton form)."""
    plain_text, plain_phrase = f" {normalise(text)} ", f" {normalise(phrase)} "
    if plain_phrase.strip() and plain_phrase in plain_text:
        return True
    if not (has_greek(phrase) or _LATIN.search(plain_phrase)):
        return False
    skel_phrase = f" {skeleton(phrase)} "
    return bool(skel_phrase.strip()) and skel_phrase in f" {skeleton(text)} "
