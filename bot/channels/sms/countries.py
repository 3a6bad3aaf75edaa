"""Which numbers SMS may be exchanged with: a guard against SMS pumping, the same for inbound and outbound."""

from __future__ import annotations

from collections.abc import Collection

import phonenumbers


def country_refusal(number: str, countries: Collection[str]) -> str | None:
    """Why no SMS may be exchanged with this number (invalid, or a country not allowed), or None."""
    try:
        region = phonenumbers.region_code_for_number(phonenumbers.parse(number))
    except phonenumbers.NumberParseException:
        return "invalid number"
    if region not in countries:
        return f"country {region} not allowed"
    return None
