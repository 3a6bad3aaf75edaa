"""Facts about a center put into words: opening hours, open now, contact details, services."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date, get_day_names

from bot.i18n import format_when
from bot.outbound import N_, Text
from frontdesk.hours import DAYS, OpeningCalendar
from storage.enums import CenterService
from storage.models import Center
from storage.sla import center_calendar

SERVICE_NAMES = {
    CenterService.RECEPTION: N_("Information and support"),
    CenterService.REFERRAL: N_("Referral to other services (ΔΥΠΑ, ΕΦΚΑ, hospitals, mental health centres)"),
    CenterService.BENEFITS_SUPPORT: N_("Help with benefits such as the minimum income (ΕΕΕ)"),
    CenterService.FOOD_AID_SUPPORT: N_("Food aid (ΤΕΒΑ)"),
    CenterService.PSYCHOSOCIAL_SUPPORT: N_("Counselling with a social worker or psychologist"),
    CenterService.EMPLOYMENT_COUNSELLING: N_("Advice on finding work"),
    CenterService.LEGAL_COUNSELLING: N_("Advice on legal matters"),
    CenterService.FAMILY_COUNSELLING: N_("Support for families"),
    CenterService.CHILDREN_LEARNING_SUPPORT: N_("Learning support for children"),
    CenterService.COMMUNITY_EVENTS: N_("Community events"),
    CenterService.MOBILE_UNIT: N_("Mobile unit visiting remote places"),
    CenterService.HOME_VISITS: N_("Home visits for people who cannot come"),
}


def calendar_of(center: Center, *, extended: bool = False) -> OpeningCalendar:
    """The center's opening calendar; with ``extended`` the extended hours count as open."""
    return center_calendar(center, extended=extended)


def localized(texts: dict[str, str], language: str) -> str:
    """A center text in the citizen's language, else English, else Greek."""
    return texts.get(language) or texts.get("en") or texts["el"]


def center_name(center: Center, language: str) -> Text:
    """The center's name as the citizen reads it."""
    return Text.verbatim(localized(center.name, language))


def hours_lines(center: Center, language: str, *, extended: bool = False) -> list[Text]:
    """Weekly hours grouped by identical days: "Monday - Friday: 08:00-15:30"."""
    names = get_day_names("wide", locale=language)
    hours = center.extended_hours if extended else center.hours
    groups: list[tuple[int, int, str]] = []
    for index, day in enumerate(DAYS):
        intervals = hours.get(day, [])
        if not intervals:
            continue
        text = ", ".join(f"{start}-{end}" for start, end in intervals)
        if groups and groups[-1][1] == index - 1 and groups[-1][2] == text:
            groups[-1] = (groups[-1][0], index, text)
        else:
            groups.append((index, index, text))
    lines = []
    for first, last, text in groups:
        days = names[first] if first == last else f"{names[first]} - {names[last]}"
        lines.append(Text.verbatim(f"{days}: {text}"))
    return lines


def open_status(center: Center, language: str, now: datetime) -> Text:
    """Open now (until when), or when the center opens next."""
    calendar = calendar_of(center, extended=True)
    zone = ZoneInfo(center.timezone)
    if calendar.is_open(now):
        closing = next(
            end for start, end in calendar.intervals_on(now.astimezone(zone).date()) if start <= now < end
        )
        return Text(
            N_("We are open now, until {time}."), {"time": closing.astimezone(zone).strftime("%H:%M")}
        )
    opening = calendar.next_opening(now)
    if opening is None:
        return Text(N_("We are closed now."))
    return Text(
        N_("We are closed now. We open again on {when}."),
        {"when": format_when(language, opening, center.timezone)},
    )


def working_day_after(center: Center, after: datetime, days: int) -> datetime | None:
    """When the center opens on the ``days``-th working day after its next opening (0: the next opening)."""
    calendar = calendar_of(center)
    first = calendar.next_opening(after)
    if first is None or days == 0:
        return first
    day = first.astimezone(ZoneInfo(center.timezone)).date()
    counted = 0
    for _ in range(days * 3 + 21):
        day += timedelta(days=1)
        intervals = calendar.intervals_on(day)
        if intervals:
            counted += 1
            if counted == days:
                return intervals[0][0]
    return None


def format_day(language: str, at: datetime, timezone: str) -> str:
    """A day such as "Tuesday 1 December" in the citizen's language."""
    return format_date(at.astimezone(ZoneInfo(timezone)).date(), "EEEE d MMMM", locale=language)
