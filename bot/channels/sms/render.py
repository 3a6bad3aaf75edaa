"""SMS rendering: numbered choices, GSM-friendly text, segment counts and "reply MORE" pages."""

from __future__ import annotations

from dataclasses import dataclass

from bot.channels.rendered import Rendered, RenderedChoice
from bot.channels.sms.segments import (
    count_segments,
    greek_abbreviations_as_gsm7,
    greek_caps,
    plain_typography,
)
from bot.i18n import translate
from bot.outbound import N_, Outbound, Text
from storage.enums import Language

MORE_HINT = N_("(reply MORE for the rest)")


@dataclass(frozen=True)
class SmsOptions:
    """A center's SMS preferences."""

    greek_caps: bool = False
    segment_cap: int = 4


def finish_body(body: str, language: str, options: SmsOptions) -> str:
    """Final text of an SMS: plain typography, Greek capitals when the center asks for them."""
    body = plain_typography(body)
    if language != Language.EL:
        # An English SMS naming the ΕΕΕ would otherwise cost as much as a Greek one (UCS-2: 70, not 160).
        return greek_abbreviations_as_gsm7(body)
    if options.greek_caps:
        body = greek_caps(body)
    return body


def render_sms(message: Outbound, language: str, options: SmsOptions) -> list[Rendered]:
    """One message as one or more SMS pages; only the first is sent now, the rest wait for MORE."""
    paragraphs = [translate(language, part) for part in message.parts]
    choices = tuple(
        RenderedChoice(str(number), finish_body(translate(language, choice.label), language, options))
        for number, choice in enumerate(message.choices, start=1)
    )
    lines = [f"{choice.key} {choice.label}" for choice in choices]
    blocks = [finish_body(block, language, options) for block in [*paragraphs, "\n".join(lines)] if block]
    body = "\n".join(blocks)
    if count_segments(body).segments <= options.segment_cap:
        return [_with_counts(body, choices)]
    # An essential message (helplines) goes out whole: its pages carry no "reply MORE" hint.
    hint = "" if message.essential else finish_body(translate(language, Text(MORE_HINT)), language, options)
    return _paginate(blocks, choices, hint, options)


def _with_counts(body: str, choices: tuple[RenderedChoice, ...]) -> Rendered:
    info = count_segments(body)
    return Rendered(body, choices, {"segments": info.segments, "encoding": info.encoding})


def _paginate(
    blocks: list[str], choices: tuple[RenderedChoice, ...], hint: str, options: SmsOptions
) -> list[Rendered]:
    pages: list[str] = []
    current = ""
    for line in "\n".join(blocks).split("\n"):
        for piece in _split_long_line(line, hint, options):
            candidate = f"{current}\n{piece}" if current else piece
            if current and count_segments(f"{candidate}\n{hint}").segments > options.segment_cap:
                pages.append(current)
                current = piece
            else:
                current = candidate
    pages.append(current)
    rendered = [_with_counts(f"{page}\n{hint}" if hint else page, ()) for page in pages[:-1]]
    rendered.append(_with_counts(pages[-1], choices))
    return rendered


def _split_long_line(line: str, hint: str, options: SmsOptions) -> list[str]:
    words: list[str]
    pieces: list[str]
    if count_segments(f"{line}\n{hint}").segments <= options.segment_cap:
        return [line]
    words, pieces, current = line.split(" "), [], ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and count_segments(f"{candidate}\n{hint}").segments > options.segment_cap:
            pieces.append(current)
            current = word
        else:
            current = candidate
    pieces.append(current)
    return pieces
