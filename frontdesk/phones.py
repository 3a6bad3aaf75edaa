"""Phone numbers as people type them (6912345678, 0030 691…, +30 691…) to E.164."""

from __future__ import annotations

import phonenumbers


def to_e164(text: str, region: str = "GR") -> str:
    """The E.164 form of a valid number, Greek unless it says otherwise; ValueError when it is not one."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise ValueError("not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
