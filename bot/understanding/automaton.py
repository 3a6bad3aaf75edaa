"""Aho–Corasick search for the lexicons: every key of a set found in a text in one pass, however many keys."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ahocorasick_rs


class Automaton:
    """Every occurrence, overlapping ones too, of a set of keys in a text, each key with its value."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        # Keys and texts are padded with a space on each side, so that a substring match is a whole-word match.
        self._keys = list(values)
        self._values = list(values.values())
        self._automaton = (
            ahocorasick_rs.AhoCorasick(
                self._keys, implementation=ahocorasick_rs.Implementation.ContiguousNFA, store_patterns=False
            )
            if values
            else None
        )

    def found(self, text: str) -> list[tuple[int, str, Any]]:
        """Where each key found ends (after its last character), the key and its value; by end, longest first."""
        if self._automaton is None:
            return []
        matches = self._automaton.find_matches_as_indexes(text, overlapping=True)
        matches.sort(key=lambda match: (match[2], match[1] - match[2]))
        return [(stop, self._keys[index], self._values[index]) for index, _start, stop in matches]
