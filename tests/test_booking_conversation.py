"""Booking in the conversation, end to end through the inbound path (SQLite and PostgreSQL).

Places are counted by the database: a confirmed time takes one, cancelling or moving frees one exactly
once, and a freed time goes to the first citizen on the waiting list, once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import sqlalchemy as sa

from bot.jobs.reminders import reminders_job
from bot.notices.waiting import offer_freed_time
from frontdesk.clock import FixedClock
from frontdesk.runtime import Runtime
from storage.enums import BookingStatus, Channel, Language, WaitingStatus
from storage.models import (
    Appointment,
    AppointmentSlot,
    Area,
    Center,
    Citizen,
    MobileVisit,
    OutboxMessage,
    VisitBooking,
    WaitingEntry,
)
from tests.conversation import Citizen as Person

FIRST_PSYCHOLOGIST_TIME = datetime(2026, 11, 24, 10, 10, tzinfo=UTC)  # 12:10 in Athens, 2 h notice
BOOK = ("3", "2", "1", "1")  # appointment, psychologist, the first time offered, yes


async def book(person: Person) -> str:
    """Greet, then book the first psychologist time; the receipt."""
    await person.send("Hello")
    replies = [await person.say(step) for step in BOOK]
    return replies[-1]


async def labels(person: Person, text: str = "", button: str | None = None) -> list[str]:
    """The choices shown in answer to a message (Telegram buttons or SMS lines)."""
    handled = await person.send(text, button=button)
    return [choice["label"] for row in handled.outbox for choice in row.payload.get("choices", [])]


async def rows(runtime: Runtime, model: type, *where: object) -> list:  # type: ignore[type-arg]
    async with runtime.sessions() as session:
        return list((await session.scalars(sa.select(model).where(*where))).all())  # type: ignore[arg-type]


async def test_a_confirmed_time_takes_one_place_and_gets_a_receipt(runtime: Runtime) -> None:
    receipt = await book(Person(runtime))
    assert "Tuesday 24 November, 12:10" in receipt and "Mesaria" in receipt and "AMKA" in receipt
    (appointment,) = await rows(runtime, Appointment)
    (slot,) = await rows(runtime, AppointmentSlot)
    assert appointment.status is BookingStatus.BOOKED and slot.booked == 1
    assert slot.starts_at == FIRST_PSYCHOLOGIST_TIME and slot.service == "psychologist"


async def test_words_narrow_the_offer_and_later_pages_on(runtime: Runtime) -> None:
    person = Person(runtime)
    await person.send("Hello")
    await person.say("3")
    await person.say("2")
    offer = await person.say("Πέμπτη απόγευμα")
    assert offer.count("Thu, Nov 26") == 3 and "12:10" in offer
    later = await person.say("4")
    assert "Thu, Nov 26 14:40" in later and "Thu, Dec 3" in later


async def test_a_time_taken_meanwhile_gets_an_apology_and_the_next_times(runtime: Runtime) -> None:
    first, second = Person(runtime), Person(runtime, address="+306900000002")
    for person in (first, second):
        await person.send("Hello")
        for step in BOOK[:3]:
            await person.say(step)
    assert "Booked" in await first.say("1")
    answer = await second.say("1")
    assert "just taken" in answer and "12:10" not in answer and "13:00" in answer
    (slot,) = await rows(runtime, AppointmentSlot)
    assert slot.booked == 1


async def test_cancelling_from_my_bookings_frees_the_place_exactly_once(runtime: Runtime) -> None:
    person = Person(runtime, channel=Channel.TELEGRAM, address="4242")
    await book(person)
    await person.say("MENU")
    assert "Psychologist, Tue, Nov 24 12:10" in await labels(person, "5")
    await person.say("1")
    assert "Shall we cancel it?" in await person.say("1")
    assert "Cancelled" in await person.say("c:yes", button="c:yes")
    # A second tap on the old button is a wrong answer at rest: nothing is cancelled twice.
    await person.say("", button="c:yes")
    (slot,) = await rows(runtime, AppointmentSlot)
    (appointment,) = await rows(runtime, Appointment)
    assert slot.booked == 0 and appointment.status is BookingStatus.CANCELLED


async def test_moving_takes_the_new_place_and_frees_the_old(runtime: Runtime) -> None:
    person = Person(runtime)
    await book(person)
    for step in ("MENU", "5", "1", "2", "2"):
        await person.say(step)
    assert "moved" in await person.say("1")
    live = await rows(runtime, Appointment, Appointment.status == BookingStatus.BOOKED)
    slots = {slot.id: slot for slot in await rows(runtime, AppointmentSlot)}
    assert len(live) == 1 and slots[live[0].slot_id].starts_at.hour == 11  # 13:50 in Athens
    assert sorted(slot.booked for slot in slots.values()) == [0, 1]


async def test_a_freed_time_is_offered_to_the_first_waiting_citizen_once(runtime: Runtime) -> None:
    owner, first, second = (Person(runtime, address=f"+30690000000{n}") for n in (1, 2, 3))
    await book(owner)
    for person in (first, second):
        await person.send("Hello")
        for step in ("3", "2", "5"):
            await person.say(step)
        assert "offer it to you" in await person.say("1")
    for step in ("MENU", "5", "1", "1"):
        await owner.say(step)
    await owner.say("1")  # cancelled: 12:10 is offered to the first in line
    async with runtime.sessions.begin() as session:
        center = await session.scalar(sa.select(Center).where(Center.slug == "thira"))
        assert center is not None
        # The same cancellation handled again offers nothing more.
        assert await offer_freed_time(
            session, center=center, service="psychologist", starts_at=FIRST_PSYCHOLOGIST_TIME,
            now=runtime.clock.now(),
        ) == 0  # fmt: skip
    offers = await rows(runtime, OutboxMessage, OutboxMessage.dedupe_key.like("waitlist:%"))
    assert [offer.to_address for offer in offers] == [first.address]
    assert "Would you like it?" in offers[0].body
    assert "All right" in await first.say("2")  # no: the time goes to the next in line
    offers = await rows(runtime, OutboxMessage, OutboxMessage.dedupe_key.like("waitlist:%"))
    assert [offer.to_address for offer in offers] == [first.address, second.address]
    assert "Booked" in await second.say("1")
    entries = {entry.id: entry.status for entry in await rows(runtime, WaitingEntry)}
    assert sorted(entries.values()) == [WaitingStatus.BOOKED, WaitingStatus.WAITING]


async def test_a_reminder_is_answered_by_its_number_in_the_middle_of_another_flow(
    runtime: Runtime, clock: FixedClock
) -> None:
    person = Person(runtime)
    await book(person)
    await person.say("MENU")
    await person.say("2")  # the request flow asks what the request is about
    clock.advance(FIRST_PSYCHOLOGIST_TIME - clock.now() - (FIRST_PSYCHOLOGIST_TIME - clock.now()) / 2)
    await reminders_job(SimpleNamespace(runtime=runtime))  # type: ignore[arg-type]
    (reminder,) = await rows(runtime, OutboxMessage, OutboxMessage.dedupe_key.like("reminder:%"))
    assert reminder.payload["choice_keys"][1].endswith(":cancel")
    answer = await person.say("2")
    assert "is cancelled" in answer and "What is your request about?" in answer
    (slot,) = await rows(runtime, AppointmentSlot)
    assert slot.booked == 0
    # The question of the request flow is still the one waiting: "1" answers it, not the reminder.
    assert "is cancelled" not in await person.say("1")


async def test_a_reminder_button_confirms_from_rest_on_telegram(runtime: Runtime, clock: FixedClock) -> None:
    person = Person(runtime, channel=Channel.TELEGRAM, address="4242")
    await book(person)
    (appointment,) = await rows(runtime, Appointment)
    answer = await person.say("", button=f"c:reminder:appointment:{appointment.id}:confirm")
    assert "See you on Tuesday 24 November, 12:10" in answer
    assert "no longer active" in await person.say("", button="c:reminder:appointment:999:confirm")


async def test_rebooking_a_full_visit_offers_the_next_visits(runtime: Runtime) -> None:
    async with runtime.sessions.begin() as session:
        area = await session.scalar(sa.select(Area).where(Area.slug == "ios"))
        assert area is not None
        visits = [
            MobileVisit(
                center_id=area.center_id,
                area_id=area.id,
                starts_at=datetime(2026, 11, day, 8, tzinfo=UTC),
                ends_at=datetime(2026, 11, day, 11, tzinfo=UTC),
                capacity=1,
                booked=booked,
            )
            for day, booked in ((27, 1), (30, 0))
        ]
        session.add_all(visits)
    person = Person(runtime, channel=Channel.TELEGRAM, address="4242")
    await person.send("Hello")
    answer = await person.say("", button=f"c:rebook:{visits[0].id}")
    assert "just filled up" in answer and "What would you like to do?" in answer
    assert [label.split(" ")[0] for label in await labels(person, "1")] == ["Mon,", "Main"]
    await person.say("1")
    assert "Booked: a place" in await person.say("1")
    (place,) = await rows(runtime, VisitBooking)
    assert place.visit_id == visits[1].id


async def test_an_interpreter_is_found_for_a_farsi_speaker(runtime: Runtime) -> None:
    async with runtime.sessions.begin() as session:
        await session.execute(
            sa.update(Center)
            .where(Center.slug == "thira")
            .values(
                interpreters=[{"id": "fa-1", "languages": ["fa"], "hours": {"wed": [["10:00", "13:00"]]}}]
            )
        )
    person = Person(runtime)
    await person.send("Hello")
    async with runtime.sessions.begin() as session:
        await session.execute(sa.update(Citizen).values(locale=Language.FA, locale_confirmed=True))
    for step in ("3", "2", "1"):
        await person.say(step)
    receipt = await person.say("1")
    (appointment,) = await rows(runtime, Appointment)
    (slot,) = await rows(runtime, AppointmentSlot)
    assert appointment.interpreter_id == "fa-1" and slot.starts_at == datetime(
        2026, 11, 25, 8, 30, tzinfo=UTC
    )
    assert "مترجم" in receipt


async def test_asking_twice_keeps_one_place_in_the_queue_and_erasure_removes_it(runtime: Runtime) -> None:
    person = Person(runtime)
    await person.send("Hello")
    for _ in range(2):
        for step in ("3", "2", "5", "1"):
            await person.say(step)
    (entry,) = await rows(runtime, WaitingEntry)
    assert entry.status is WaitingStatus.WAITING and entry.service == "psychologist"
    await person.say("ΔΙΑΓΡΑΦΗ")
    await person.say("1")
    assert await rows(runtime, WaitingEntry) == []


async def test_a_call_back_out_of_hours_is_a_booked_time_with_a_case(
    runtime: Runtime, clock: FixedClock
) -> None:
    clock.advance(datetime(2026, 11, 28, 17, tzinfo=UTC) - clock.now())  # Saturday evening: closed
    person = Person(runtime)
    await person.send("Hello")
    for step in ("6", "1"):
        await person.say(step)
    offer = await person.say("6912345678")
    assert "Mon, Nov 30 08:00" in offer and "08:15" in offer
    done = await person.say("1")
    assert "6912345678" in done and "Monday 30 November, 08:00" in done
    (appointment,) = await rows(runtime, Appointment)
    (slot,) = await rows(runtime, AppointmentSlot)
    assert slot.service == "callback" and slot.capacity == 3 and appointment.case_id is not None
