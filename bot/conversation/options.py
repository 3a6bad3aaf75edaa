"""Option lists that depend on the center or the citizen: main menu, languages, areas, mobile actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from babel import Locale

from bot.engine import FlowState, Option
from bot.flows.menu import MAIN_MENU
from bot.i18n import NATIVE_NAMES
from bot.outbound import N_, Text
from storage.enums import Language
from storage.models import Subscription

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

MENU_OPTION = Option("menu", Text(N_("Main menu")), next="to_menu")


def dynamic_options(turn: Turn, name: str, state: FlowState) -> tuple[Option, ...]:
    """The options called ``name`` for this turn."""
    if name == "main_menu":
        return tuple(
            Option(key, Text(label), next=f"to_{key}")
            for key, label, _flow in MAIN_MENU
            if key != "mobile" or turn.center.mobile_unit
        )
    if name == "languages":
        return tuple(
            Option(language.value, Text.verbatim(NATIVE_NAMES[language]), synonyms=_language_words(language))
            for language in Language
        )
    if name == "areas":
        return tuple(
            Option(area.slug, Text.verbatim(area.name.get(turn.language) or area.name["el"]),
                   synonyms=(*area.name.values(), *area.aliases))
            for area in turn.areas
        )  # fmt: skip
    if name == "mobile_actions":
        return _mobile_actions(turn, state)
    raise KeyError(f"unknown option list {name!r}")


def _language_words(language: Language) -> tuple[str, ...]:
    english = Locale.parse(language.value).get_display_name("en") or language.value
    greek = Locale.parse(language.value).get_display_name("el") or language.value
    return (language.value, english, greek)


def _mobile_actions(turn: Turn, state: FlowState) -> tuple[Option, ...]:
    subscribed = bool(state.slots.get("subscribed"))
    options = [
        Option("unsubscribe", Text(N_("Stop the announcements")), next="unsubscribe")
        if subscribed
        else Option("subscribe", Text(N_("Tell me when the unit comes")), next="subscribe")
    ]
    if turn.center.home_visits:
        options.append(Option("home_visit", Text(N_("Ask for a home visit")), next="home_visit"))
    options.append(MENU_OPTION)
    return tuple(options)


async def is_subscribed(turn: Turn, area_id: int) -> bool:
    """Tell whether the citizen's channel identity receives announcements for an area."""
    found = await turn.session.scalar(
        sa.select(Subscription.id).where(
            Subscription.identity_id == turn.identity.id,
            Subscription.area_id == area_id,
            Subscription.cancelled_at.is_(None),
        )
    )
    return found is not None
