"""Neutral outbound messages: gettext msgids with parameters and choices, rendered later per channel."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeAlias

ParamValue: TypeAlias = "str | int | Text"
_EMPTY: Mapping[str, ParamValue] = MappingProxyType({})


def N_(msgid: str) -> str:
    """Mark a string for translation; Babel extracts it, the renderer translates it."""
    return msgid


@dataclass(frozen=True)
class Text:
    """A translatable text: a msgid, its parameters, and for plurals the plural msgid and count."""

    msgid: str
    params: Mapping[str, ParamValue] = field(default_factory=lambda: _EMPTY)
    plural: str | None = None
    count: int | None = None
    # Raw text (a place name, a case reference) is shown as is, in every language.
    raw: bool = False

    @classmethod
    def verbatim(cls, text: str) -> Text:
        """Text that is not translated."""
        return cls(text, raw=True)


@dataclass(frozen=True)
class Choice:
    """One option the citizen can pick: a stable key and its label."""

    key: str
    label: Text


@dataclass(frozen=True)
class Outbound:
    """One message to the citizen: paragraphs, then optional choices."""

    parts: tuple[Text, ...]
    choices: tuple[Choice, ...] = ()
    # Sent whole and on its own, even beyond the SMS segment cap (helplines, the first greeting).
    essential: bool = False

    @classmethod
    def say(cls, msgid: str, **params: ParamValue) -> Outbound:
        """A message of one paragraph."""
        return cls((Text(msgid, MappingProxyType(dict(params))),))

    def merged_with(self, other: Outbound) -> Outbound:
        """This message's paragraphs followed by another's, keeping the other's choices."""
        return Outbound(self.parts + other.parts, other.choices, self.essential or other.essential)


def merge_messages(messages: list[Outbound]) -> list[Outbound]:
    """Join consecutive messages so that each ends at a question: fewer SMS, fewer notifications."""
    merged: list[Outbound] = []
    for message in messages:
        if merged and not merged[-1].choices and not merged[-1].essential:
            merged[-1] = merged[-1].merged_with(message)
        else:
            merged.append(message)
    return merged
