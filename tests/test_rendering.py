"""Channel rendering: SMS segments and pages, Greek capitals, Telegram keyboards, splits and RTL."""

from __future__ import annotations

import pytest

from bot.channels.sms.render import MORE_HINT, SmsOptions, render_sms
from bot.channels.sms.segments import count_segments, greek_caps, plain_typography
from bot.channels.telegram.render import MAX_TEXT, render_telegram
from bot.flows.menu import MAIN_MENU
from bot.i18n import LRI, PDI, translate
from bot.outbound import Choice, Outbound, Text


def main_menu() -> Outbound:
    from bot.flows import FLOWS

    node = FLOWS["menu"].nodes["main"]
    assert node.__class__.__name__ == "Choose"
    return Outbound((node.prompt,), tuple(Choice(key, Text(label)) for key, label, _ in MAIN_MENU))  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "encoding", "segments"),
    [
        ("a" * 160, "GSM-7", 1),
        ("a" * 161, "GSM-7", 2),
        ("a" * 306, "GSM-7", 2),
        ("a" * 307, "GSM-7", 3),
        ("[" * 80, "GSM-7", 1),  # extension characters take two septets
        ("[" * 81, "GSM-7", 2),
        ("α" * 70, "UCS-2", 1),
        ("α" * 71, "UCS-2", 2),
        ("α" * 134, "UCS-2", 2),
        ("α" * 135, "UCS-2", 3),
        ("😀" * 35, "UCS-2", 1),  # an emoji is two UTF-16 units
        ("ΔΦΓΛΩΠΨΣΘΞ", "GSM-7", 1),  # Greek capitals GSM-7 has
    ],
)
def test_segment_counts(text: str, encoding: str, segments: int) -> None:
    info = count_segments(text)
    assert (info.encoding, info.segments) == (encoding, segments)


def test_greek_caps_turns_greek_into_gsm7() -> None:
    converted = greek_caps("Καλημέρα σας! Θέλετε ραντεβού; Ψυχολόγος, Φολέγανδρος.")
    assert converted == "KAΛHMEPA ΣAΣ! ΘEΛETE PANTEBOY; ΨYXOΛOΓOΣ, ΦOΛEΓANΔPOΣ."
    assert count_segments(converted).encoding == "GSM-7"


def test_typography_does_not_force_ucs2() -> None:
    assert count_segments(plain_typography("“Hello” – it’s 08:00…")).encoding == "GSM-7"


def test_greek_main_menu_fits_three_ucs2_segments_and_two_in_greek_caps() -> None:
    plain = render_sms(main_menu(), "el", SmsOptions())
    caps = render_sms(main_menu(), "el", SmsOptions(greek_caps=True))
    assert len(plain) == 1 and plain[0].payload["encoding"] == "UCS-2" and plain[0].payload["segments"] <= 3
    assert len(caps) == 1 and caps[0].payload["encoding"] == "GSM-7" and caps[0].payload["segments"] <= 2
    assert [choice.key for choice in plain[0].choices] == [str(n) for n in range(1, 9)]
    assert plain[0].body.splitlines()[1].startswith("1 ")


def test_long_sms_is_split_into_pages_under_the_cap() -> None:
    long = Outbound(
        tuple(Text.verbatim(f"Γραμμή {n}: " + "κείμενο " * 12) for n in range(12)),
        (Choice("a", Text("Yes")),),
    )
    pages = render_sms(long, "el", SmsOptions(segment_cap=2))
    assert len(pages) > 2
    assert all(page.payload["segments"] <= 2 for page in pages)
    hint = translate("el", Text(MORE_HINT))
    assert "ΠΕΡΙΣΣΟΤΕΡΑ" in hint
    assert all(page.body.endswith(hint) for page in pages[:-1]) and not pages[-1].body.endswith(hint)
    assert pages[-1].choices and not pages[0].choices
    joined = "\n".join(page.body for page in pages)
    assert all(f"Γραμμή {n}:" in joined for n in range(12))


def test_telegram_keyboard_and_long_text() -> None:
    text = Outbound((Text.verbatim("word " * 2000),), (Choice("info", Text("Information")),))
    messages = render_telegram(text, "en")
    assert len(messages) == 3 and all(len(message.body) <= MAX_TEXT for message in messages)
    assert messages[-1].payload == {
        "reply_markup": {"inline_keyboard": [[{"text": "Information", "callback_data": "c:info"}]]}
    }
    assert "reply_markup" not in messages[0].payload


def test_right_to_left_text_keeps_numbers_readable() -> None:
    message = Outbound(
        (Text("Your reference is {reference}.", {"reference": "KK-7F3Q"}), Text.verbatim("اتصل 15900"))
    )
    body = render_telegram(message, "ar")[0].body
    assert f"{LRI}15900{PDI}" in body and f"{LRI}KK-7F3Q{PDI}" in body
    assert LRI not in render_telegram(message, "en")[0].body
