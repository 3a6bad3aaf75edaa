"""What staff type in the queue's search box: words without accents or case, a reference, a phone number."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import phonenumbers

_REFERENCE = re.compile(r"^(?:KK-?)?([23456789ABCDEFGHJKMNPQRSTVWXYZ]{4})$")
_SPACES = re.compile(r"\s+")
# Enough digits to be a number someone dictates, not a year or a house number.
_MIN_PHONE_DIGITS = 7


def normalise_search(text: str) -> str:
    """Text as the search column stores it: case folded, accents and diaeresis removed, spaces collapsed.

    ``Φαγητό`` and ``φαγητο`` give the same; so do ``ΣΠΊΤΙ`` and ``σπίτι`` (the final sigma folds too).
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", unicodedata.normalize("NFC", stripped)).strip()


def search_text_of(*parts: str | None) -> str | None:
    """The search column of a case from its summary and description."""
    text = " ".join(part for part in parts if part)
    return normalise_search(text)[:4000] or None


@dataclass(frozen=True)
class CaseSearch:
    """A search box entry read three ways; reference and phone are set only when it looks like one."""

    text: str
    reference: str | None = None
    phone: str | None = None

    @property
    def identifies(self) -> bool:
        """True for a reference or a phone number, which find a case whatever its status."""
        return self.reference is not None or self.phone is not None


def parse_search(query: str, region: str = "GR") -> CaseSearch:
    """Read what staff typed: words, a case reference (``KK-7F3Q``, ``kk7f3q``), a number in any form."""
    compact = query.strip().upper().replace(" ", "")
    match = _REFERENCE.match(compact)
    # Without its prefix, four letters are more likely a word ("HELP") than a reference.
    prefixed = compact.startswith("KK")
    reference = f"KK-{match.group(1)}" if match and (prefixed or any(c.isdigit() for c in compact)) else None
    return CaseSearch(normalise_search(query), reference, _phone(query, region))


def _phone(query: str, region: str) -> str | None:
    if sum(char.isdigit() for char in query) < _MIN_PHONE_DIGITS or re.search(r"[^\d\s()+./-]", query):
        return None
    try:
        number = phonenumbers.parse(query, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
