"""The inbound path end to end: storage first, deduplication, order, STOP, crisis, requests, erasure."""

from __future__ import annotations

import asyncio

import sqlalchemy as sa

from frontdesk.clock import FixedClock
from frontdesk.runtime import Runtime
from storage.enums import CaseCategory, CasePriority, CaseSource, Channel, InboundStatus
from storage.models import Case, ChannelIdentity, Citizen, Conversation, InboundMessage, OutboxMessage
from tests.conversation import Citizen as Sender


async def count(runtime: Runtime, model: type) -> int:
    async with runtime.sessions() as session:
        return int(await session.scalar(sa.select(sa.func.count()).select_from(model)) or 0)


async def test_first_contact_greets_with_the_center_name_and_shows_the_menu(runtime: Runtime) -> None:
    handled = await Sender(runtime).send("Hello, I need some information")
    bodies = [row.body for row in handled.outbox]
    assert "Community Center of Thira" in bodies[-2] or "Community Center of Thira" in bodies[0]
    assert "DELETE" in "\n".join(bodies)
    assert bodies[-1].splitlines()[1].startswith("1 ")
    assert all(row.status.value == "pending" and row.to_address == "+306900000001" for row in handled.outbox)
    async with runtime.sessions() as session:
        inbound = (await session.scalars(sa.select(InboundMessage))).one()
        assert inbound.status is InboundStatus.PROCESSED and inbound.identity_id is not None


async def test_redelivered_message_is_stored_and_answered_once(runtime: Runtime) -> None:
    citizen = Sender(runtime)
    results = await asyncio.gather(*(citizen.send("kalimera", provider_id="SM-same") for _ in range(3)))
    assert sorted(result.duplicate for result in results) == [False, True, True]
    assert await count(runtime, InboundMessage) == 1
    answered = [result for result in results if not result.duplicate]
    assert await count(runtime, OutboxMessage) == len(answered[0].outbox) > 0


async def test_concurrent_messages_of_one_citizen_are_handled_one_at_a_time(runtime: Runtime) -> None:
    citizen = Sender(runtime)
    await citizen.send("hello")
    results = await asyncio.gather(*(citizen.send(text) for text in ("1", "2", "3", "menu", "info")))
    assert all(not result.duplicate for result in results)
    async with runtime.sessions() as session:
        statuses = (await session.scalars(sa.select(InboundMessage.status))).all()
        assert set(statuses) == {InboundStatus.PROCESSED}
        conversation = (await session.scalars(sa.select(Conversation))).one()
        assert conversation.version >= 6


async def test_stop_silences_everything_until_start(runtime: Runtime) -> None:
    citizen = Sender(runtime)
    await citizen.send("hello")
    assert "START" in await citizen.say("STOP")
    assert await citizen.say("1") == ""
    assert await citizen.say("menu") == ""
    reply = await citizen.say("START")
    assert "Community Center of Thira" in reply and "1 Information" in reply
    async with runtime.sessions() as session:
        identity = (await session.scalars(sa.select(ChannelIdentity))).one()
        assert identity.opted_out_at is None


async def test_stop_works_inside_a_flow_and_in_greek(runtime: Runtime) -> None:
    citizen = Sender(runtime)
    await citizen.send("hello")
    await citizen.send("2")
    assert await citizen.say("διακοπη") != ""
    assert await citizen.say("Food aid") == ""


async def test_crisis_answers_with_helplines_and_opens_an_urgent_case_at_night(
    runtime: Runtime, clock: FixedClock
) -> None:
    from datetime import UTC, datetime

    clock.current = datetime(2026, 11, 28, 23, 30, tzinfo=UTC)  # Saturday night: the center is closed.
    citizen = Sender(runtime)
    await citizen.send("hello")
    await citizen.send("2")
    reply = await citizen.say("my husband beats me and I am scared")
    assert "112" in reply and "15900" in reply
    assert "What is your request about?" in reply  # the conversation goes on where it was
    (case,) = await citizen.cases()
    assert case.priority is CasePriority.URGENT and case.category is CaseCategory.VIOLENCE
    assert case.source is CaseSource.CRISIS


async def test_self_harm_in_greeklish_gets_the_suicide_prevention_line(runtime: Runtime) -> None:
    citizen = Sender(runtime)
    await citizen.send("geia sas")
    reply = await citizen.say("thelw na pethanw")
    assert "1018" in reply
    (case,) = await citizen.cases()
    assert case.category is CaseCategory.PSYCHOSOCIAL and case.priority is CasePriority.URGENT


async def test_a_request_becomes_a_case_with_a_reference(runtime: Runtime) -> None:
    citizen = Sender(runtime)
    await citizen.send("hello")
    await citizen.send("2")  # I need help
    await citizen.send("2")  # food aid
    await citizen.send("1")  # for me
    await citizen.send("We have no food for the children this week")
    await citizen.send("2")  # a child is at risk
    await citizen.send("2")  # by phone
    assert "does not look like a phone number" in await citizen.say("call me maybe")
    await citizen.send("6912345678")
    reply = await citizen.say("1")  # consent
    (case,) = await citizen.cases()
    assert case.reference in reply and "We will answer you" in reply
    assert case.category is CaseCategory.FOOD_AID and case.priority is CasePriority.HIGH
    assert case.contact_phone == "+306912345678" and case.consent_share
    assert case.description == "We have no food for the children this week"
    assert "write MENU" in reply and "1 Information" not in reply  # no menu: three SMS saved


async def test_three_misses_offer_a_person(runtime: Runtime) -> None:
    citizen = Sender(runtime)
    await citizen.send("hello")
    await citizen.send("2")
    for _ in range(2):
        assert "did not understand" in await citizen.say("zzzz")
    assert "talk to a person" in await citizen.say("qqqq")


async def test_telegram_buttons_carry_choice_keys_not_personal_data(runtime: Runtime) -> None:
    citizen = Sender(runtime, address="5550001", channel=Channel.TELEGRAM)
    languages = (await citizen.send("/start")).outbox[-1].payload["reply_markup"]["inline_keyboard"]
    assert [row[0]["callback_data"] for row in languages][:2] == ["c:el", "c:en"]
    handled = await citizen.send("", button="c:en")
    keyboard = handled.outbox[-1].payload["reply_markup"]["inline_keyboard"]
    data = [row[0]["callback_data"] for row in keyboard]
    assert data[0] == "c:info" and all(len(item.encode()) <= 64 for item in data)
    reply = await citizen.say("", button="c:info")
    assert "What would you like to know?" in reply


async def test_delete_is_confirmed_then_erases(runtime: Runtime) -> None:
    citizen = Sender(runtime)
    await citizen.send("hello")
    await citizen.send("2")
    await citizen.send("thelw na pethanw")  # opens a case that must be kept, anonymised
    assert "Delete?" in await citizen.say("DELETE")
    assert "Nothing was deleted" in await citizen.say("2")
    await citizen.send("DELETE")
    assert "has been deleted" in await citizen.say("1")
    async with runtime.sessions() as session:
        assert (await session.scalars(sa.select(ChannelIdentity))).all() == []
        assert (await session.scalars(sa.select(Conversation))).all() == []
        assert (await session.scalars(sa.select(InboundMessage.text))).all() == []
        case = (await session.scalars(sa.select(Case))).one()
        assert case.citizen_id is None and case.description is None and "pethanw" not in case.summary
        citizen_row = (await session.scalars(sa.select(Citizen))).one()
        assert citizen_row.erased_at is not None
        outbox = (await session.scalars(sa.select(OutboxMessage))).all()
        assert [row.payload.get("erase_after_send") for row in outbox] == [True]


async def test_an_idle_conversation_resumes_gently(runtime: Runtime, clock: FixedClock) -> None:
    from datetime import timedelta

    citizen = Sender(runtime)
    await citizen.send("hello")
    await citizen.send("2")
    clock.advance(timedelta(hours=3))
    reply = await citizen.say("hello again")
    assert reply.startswith("Welcome back. We were asking you:") and "What is your request about?" in reply
    clock.advance(timedelta(days=2))
    reply = await citizen.say("hi")
    assert reply.startswith("Welcome back to the Community Center of Thira.") and "1 Information" in reply


async def test_voice_notes_stickers_and_edits_get_kind_answers(runtime: Runtime) -> None:
    from storage.enums import InboundKind

    citizen = Sender(runtime, address="777", channel=Channel.TELEGRAM)
    await citizen.send("Hello, I need help")
    assert "cannot listen to voice messages" in await citizen.say(
        kind=InboundKind.VOICE, payload={"file_id": "v1"}
    )
    assert "Which phone number" in await citizen.say("1")
    assert "How can we help?" in await citizen.say("", kind=InboundKind.STICKER)
    assert "send a new message" in await citizen.say("edited", kind=InboundKind.EDITED)


async def test_photos_are_attached_to_the_open_request(runtime: Runtime) -> None:
    from storage.enums import InboundKind
    from storage.models import CaseAttachment

    citizen = Sender(runtime, address="778", channel=Channel.TELEGRAM)
    await citizen.send("Hello")
    assert "first leave a request" in await citizen.say(kind=InboundKind.PHOTO, payload={"file_id": "p0"})
    for answer in ("2", "7", "1", "The roof fell in", "5", "1", "1"):
        await citizen.send(answer)
    (case,) = await citizen.cases()
    assert case.reference in await citizen.say(
        kind=InboundKind.PHOTO, payload={"file_id": "p1", "file_size": 1234}
    )
    async with runtime.sessions() as session:
        attachment = (await session.scalars(sa.select(CaseAttachment))).one()
        assert (attachment.case_id, attachment.provider_file_id, attachment.size_bytes) == (
            case.id,
            "p1",
            1234,
        )


async def test_long_sms_answers_come_in_pages_on_request(runtime: Runtime) -> None:
    citizen = Sender(runtime)
    await citizen.send("καλημέρα")
    await citizen.send("1")  # information
    first = await citizen.send("7")  # helplines: longer than the center's 4-segment cap in Greek
    assert len(first.outbox) == 1 and first.outbox[0].payload["segments"] <= 4
    assert first.outbox[0].body.endswith("(γράψτε ΠΕΡΙΣΣΟΤΕΡΑ για τη συνέχεια)")
    pages = [first.outbox[0].body]
    for _ in range(5):
        handled = await citizen.send("ΠΕΡΙΣΣΟΤΕΡΑ")
        if not handled.outbox:
            break
        pages.append(handled.outbox[0].body)
        if not handled.outbox[0].body.endswith("συνέχεια)"):
            break
    joined = "\n".join(pages)
    for number in ("112", "100", "15900", "1056", "10306", "1018", "197"):
        assert number in joined
    assert pages[-1].splitlines()[-1].startswith("2 ")  # the last page carries the choices


async def test_a_message_stored_before_a_crash_is_answered_by_the_inbound_job(
    runtime: Runtime, clock: FixedClock
) -> None:
    from datetime import timedelta

    from bot.delivery.clients import ChannelClients
    from bot.delivery.sender import Sender
    from bot.jobs import JobContext
    from bot.jobs.inbound import inbound_job
    from storage.enums import InboundKind
    from storage.messages import store_inbound

    async with runtime.sessions.begin() as session:
        # Stored, then the process died before answering.
        await store_inbound(
            session, center_id=2, channel=Channel.SMS, provider_id="SM-crash", address="+306900000009",
            kind=InboundKind.TEXT, text="hello", payload={}, now=clock.now(),
        )  # fmt: skip
    clients = ChannelClients()
    context = JobContext(runtime, clients, Sender(runtime, clients))
    assert await inbound_job(context) == "answered=0 of 0"  # too fresh: its handler may still be at work
    clock.advance(timedelta(minutes=5))
    assert await inbound_job(context) == "answered=1 of 1"
    async with runtime.sessions() as session:
        replies = (await session.scalars(sa.select(OutboxMessage.body))).all()
        assert any("Community Center of Thira" in body for body in replies)
        assert (await session.scalars(sa.select(InboundMessage.status))).one() is InboundStatus.PROCESSED
    assert await inbound_job(context) == "answered=0 of 0"


async def test_more_with_nothing_held_back_asks_again(runtime: Runtime) -> None:
    citizen = Sender(runtime)
    await citizen.send("hello")
    assert "1 Information" in await citizen.say("MORE")
    await citizen.send("2")
    assert "What is your request about?" in await citizen.say("more")
