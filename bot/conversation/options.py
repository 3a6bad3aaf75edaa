"""Option lists that depend on the center or the citizen, each registered under the name flows use."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from babel import Locale

from bot.engine import FlowState, Option
from bot.flows.menu import MAIN_MENU, entry_node
from bot.i18n import NATIVE_NAMES
from bot.outbound import N_, Text
from storage.enums import Language

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

BuildOptions = Callable[["Turn", FlowState], tuple[Option, ...]]


@dataclass(frozen=True)
class OptionList:
    """A named list of options built at run time, and the nodes its options may lead to."""

    build: BuildOptions
    targets: frozenset[str]


OPTION_LISTS: dict[str, OptionList] = {}


def option_list(name: str, *, targets: Iterable[str] = ()) -> Callable[[BuildOptions], BuildOptions]:
    """Register a builder as the option list ``name`` (``Choose.options_from``); ``targets`` are its nodes."""

    def register(build: BuildOptions) -> BuildOptions:
        if name in OPTION_LISTS:
            raise ValueError(f"option list {name!r} is registered twice")
        OPTION_LISTS[name] = OptionList(build, frozenset(targets))
        return build

    return register


def option_targets() -> Mapping[str, frozenset[str]]:
    """Every registered option list with the nodes its options may lead to (for the flow check)."""
    return {name: entry.targets for name, entry in OPTION_LISTS.items()}


def dynamic_options(turn: Turn, name: str, state: FlowState) -> tuple[Option, ...]:
    """The options called ``name`` for this turn."""
    entry = OPTION_LISTS.get(name)
    if entry is None:
        raise KeyError(f"unknown option list {name!r}")
    return entry.build(turn, state)


MENU_OPTION = Option("menu", Text(N_("Main menu")), next="to_menu")


@option_list("main_menu", targets=(entry_node(key) for key, _label, _flow in MAIN_MENU))
def main_menu(turn: Turn, state: FlowState) -> tuple[Option, ...]:
    """The main menu; the mobile unit only where the center has one."""
    return tuple(
        Option(key, Text(label), next=entry_node(key))
        for key, label, _flow in MAIN_MENU
        if key != "mobile" or turn.center.mobile_unit
    )


@option_list("languages")
def languages(turn: Turn, state: FlowState) -> tuple[Option, ...]:
    """Every supported language by its own name, also known by its English and Greek names."""
    return tuple(
        Option(language.value, Text.verbatim(NATIVE_NAMES[language]), synonyms=_language_words(language))
        for language in Language
    )


def _language_words(language: Language) -> tuple[str, ...]:
    english = Locale.parse(language.value).get_display_name("en") or language.value
    greek = Locale.parse(language.value).get_display_name("el") or language.value
    return (language.value, english, greek)


@option_list("areas")
def areas(turn: Turn, state: FlowState) -> tuple[Option, ...]:
    """The mobile unit's areas, known by their names in every language and their aliases."""
    return tuple(
        Option(area.slug, Text.verbatim(area.name.get(turn.language) or area.name["el"]),
               synonyms=(*area.name.values(), *area.aliases))
        for area in turn.areas
    )  # fmt: skip


@option_list("mobile_actions", targets=("visit", "subscribe", "unsubscribe", "home_visit", "to_menu"))
def mobile_actions(turn: Turn, state: FlowState) -> tuple[Option, ...]:
    """What one can do about an area: book a place, (un)subscribe, ask for a home visit, or go to the menu."""
    subscribed = bool(state.slots.get("subscribed"))
    options = [Option("book", Text(N_("Book a place")), next="visit")] if state.slots.get("visits") else []
    options += [
        Option("unsubscribe", Text(N_("Stop the announcements")), next="unsubscribe")
        if subscribed
        else Option("subscribe", Text(N_("Tell me when the unit comes")), next="subscribe")
    ]
    if turn.center.home_visits:
        options.append(Option("home_visit", Text(N_("Ask for a home visit")), next="home_visit"))
    options.append(MENU_OPTION)
    return tuple(options)


# Booking's option lists live in their own module and register themselves when it is imported.
from bot.conversation import booking_options  # noqa: E402, F401
