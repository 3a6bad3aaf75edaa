"""SMS segment counting (GSM-7 vs UCS-2) and the Greek-capitals GSM-7 rendering.

No maintained library counts segments, so this small counter stands on the ``gsm0338`` codec.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Literal

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)

GSM7_SINGLE, GSM7_PART = 160, 153
# Lowercase Greek forces UCS-2: 70 characters in one SMS, 67 per part of a long one.
UCS2_SINGLE, UCS2_PART = 70, 67

# Greek capitals that GSM-7 lacks, written with their Latin look-alikes (Α→A, Β→B …).
_LOOKALIKES = str.maketrans(
    {"Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
     "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X"}
)  # fmt: skip
# Typography that would needlessly force UCS-2 on an otherwise GSM-7 message.
_TYPOGRAPHY = str.maketrans(
    {"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-",
     "…": "...", "\u00a0": " ", "·": ".", "•": "-", "΄": "'", "\u037e": ";"}
)  # fmt: skip

Encoding = Literal["GSM-7", "UCS-2"]


@dataclass(frozen=True)
class SegmentInfo:
    """How an SMS body is sent: encoding, length in its units and number of segments."""

    encoding: Encoding
    units: int
    segments: int


def plain_typography(text: str) -> str:
    """Replace curly quotes, dashes and ellipses with their GSM-7 equivalents."""
    return text.translate(_TYPOGRAPHY)


def greek_abbreviations_as_gsm7(text: str) -> str:
    """ΕΕΕ, ΑΜΚΑ, ΔΥΠΑ in a non-Greek text, written with GSM-7 letters: one Greek capital would make it UCS-2.

    Only when that makes the whole text GSM-7: a text that stays UCS-2 anyway keeps its Greek as written.
    """
    converted = text.translate(_LOOKALIKES)
    return converted if gsm7_units(converted) is not None else text


def greek_caps(text: str) -> str:
    """Greek in capitals without accents, using GSM-7's Greek capitals and Latin look-alikes."""
    result = []
    for char in text:
        if "\u0370" <= char <= "\u03ff" or "\u1f00" <= char <= "\u1fff":
            base = "".join(
                c for c in unicodedata.normalize("NFD", char.upper()) if not unicodedata.combining(c)
            )
            result.append(base.translate(_LOOKALIKES))
        else:
            result.append(char)
    return "".join(result)


def gsm7_units(text: str) -> int | None:
    """Septets the text needs in GSM-7 (extension characters count two), or None when it does not fit."""
    try:
        return len(text.encode("gsm03.38"))
    except UnicodeEncodeError:
        return None


def count_segments(text: str) -> SegmentInfo:
    """The encoding and segment count a provider will use for this body."""
    septets = gsm7_units(text)
    if septets is not None:
        segments = 1 if septets <= GSM7_SINGLE else math.ceil(septets / GSM7_PART)
        return SegmentInfo("GSM-7", septets, segments)
    units = len(text.encode("utf-16-le")) // 2
    segments = 1 if units <= UCS2_SINGLE else math.ceil(units / UCS2_PART)
    return SegmentInfo("UCS-2", units, segments)
