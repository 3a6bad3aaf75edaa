"""Option lists of booking: bookable services and the times on offer (registered under the names flows use)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.conversation.options import MENU_OPTION, option_list
from bot.engine import FlowState, Option
from bot.notices.words import SERVICE_LABELS, area_name, service_label, short_when
from bot.outbound import N_, Text
from frontdesk.availability import CALLBACK
from storage.models import Center
from storage.slots import services_of

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

_KEY = "t:%Y%m%dT%H%MZ"


def time_key(at: datetime) -> str:
    """The choice key of an offered time (UTC, to the minute): a button pressed later still means it."""
    return at.astimezone(UTC).strftime(_KEY)


def time_of(key: object) -> datetime | None:
    """The time a choice key names, or None when it names none."""
    try:
        return datetime.strptime(str(key), _KEY).replace(tzinfo=UTC)
    except ValueError:
        return None


def bookable(center: Center) -> list[str]:
    """The services citizens can book at a center (someone on duty), the usual ones first, always in one order."""
    # The staff table is JSON, whose key order PostgreSQL does not keep: the menu must not change with the engine.
    known = list(SERVICE_LABELS)
    services = [service for service in services_of(center) if center.staffing.get(service, 0) > 0]
    return sorted(
        services, key=lambda service: (known.index(service) if service in known else len(known), service)
    )


@option_list("booking_services")
def booking_services(turn: Turn, state: FlowState) -> tuple[Option, ...]:
    """The services citizens can book here, each by its name in every language."""
    return tuple(
        Option(service, service_label(service), synonyms=(service.replace("_", " "),))
        for service in bookable(turn.center)
    )


@option_list("offered_times", targets=("picked", "later", "nothing"))
def offered_times(turn: Turn, state: FlowState) -> tuple[Option, ...]:
    """The times on offer, then "later dates" while there are more, then "none of these"."""
    options = [
        Option(key, short_when(turn.language.value, at, turn.center), next="picked")
        for key in state.slots.get("offer") or ()
        if (at := time_of(key)) is not None
    ]
    if state.slots.get("more"):
        options.append(Option("later", Text(N_("Later dates")), next="later"))
    options.append(Option("none", Text(N_("None of these suit me")), next="nothing"))
    return tuple(options)


@option_list("area_visits", targets=("visit_picked", "to_menu"))
def area_visits(turn: Turn, state: FlowState) -> tuple[Option, ...]:
    """The visits to the chosen area with a place left, then the main menu."""
    visits = [
        Option(str(visit["id"]), short_when(turn.language.value, datetime.fromisoformat(visit["at"]), turn.center),
               next="visit_picked")
        for visit in state.slots.get("visits") or ()
    ]  # fmt: skip
    return (*visits, MENU_OPTION)


@option_list("my_bookings", targets=("chosen", "to_menu"))
def my_bookings(turn: Turn, state: FlowState) -> tuple[Option, ...]:
    """The citizen's bookings to come, each by what and when, then the main menu."""
    areas = {area.slug: area for area in turn.areas}
    options = []
    for item in state.slots.get("bookings") or ():
        at = short_when(turn.language.value, datetime.fromisoformat(item["at"]), turn.center)
        area = areas.get(item["area"] or "")
        if item["service"] == CALLBACK:
            label = Text(N_("Call from us, {when}"), {"when": at})
        elif item["key"].startswith("a:"):
            label = Text(N_("{what}, {when}"), {"what": service_label(str(item["service"])), "when": at})
        elif area is not None:
            label = Text(
                N_("Mobile unit in {area}, {when}"),
                {"area": area_name(area, turn.language.value), "when": at},
            )
        else:
            label = at
        options.append(Option(item["key"], label, next="chosen"))
    return (*options, MENU_OPTION)
