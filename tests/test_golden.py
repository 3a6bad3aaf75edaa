"""Golden transcripts: inbound lines → what the citizen receives, per flow, language and channel.

Regenerate after an intended change with ``FRONTDESK_REGOLD=1 pytest tests/test_golden.py`` and
review the diff of ``tests/golden/`` like code.
"""

from __future__ import annotations

import io
import os
import random
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.delivery.notify import reply_to_citizen
from bot.simulator import run_chat
from frontdesk.clock import FixedClock
from frontdesk.runtime import Runtime
from frontdesk.settings import Settings
from storage.cases import REFERENCE_ALPHABET, REFERENCE_PREFIX
from storage.enums import Channel, StaffRole
from storage.models import Case, ChannelIdentity, Staff
from tests import golden_booking

GOLDEN_DIR = Path(__file__).parent / "golden"
REGOLD = os.environ.get("FRONTDESK_REGOLD") == "1"
TUESDAY_MORNING = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)  # 10:00 in Athens: open
SATURDAY_EVENING = datetime(2026, 11, 28, 17, 0, tzinfo=UTC)  # closed


@dataclass(frozen=True)
class Scenario:
    """A conversation to replay: who writes to which center, when, and what."""

    name: str
    inputs: tuple[str, ...]
    center: str = "thira"
    at: datetime = TUESDAY_MORNING


FIRST_WORDS = {
    "el": "Καλημέρα, χρειάζομαι βοήθεια",
    "en": "Hello, I need help",
    "ar": "مرحبا، أحتاج إلى مساعدة",
    "fa": "سلام، به کمک نیاز دارم",
    "uk": "Добрий день, мені потрібна допомога",
    "ur": "السلام علیکم، مجھے مدد چاہیے",
    "fr": "Bonjour, j'ai besoin d'aide",
    "sq": "Përshëndetje, kam nevojë për ndihmë",
    "ps": "سلام، زه مرستې ته اړتیا لرم",
    "ku": "Silav, ez alîkariyê dixwazim",
    "so": "Salaan, waxaan u baahanahay caawimaad",
    "ru": "Здравствуйте, мне нужна помощь",
}
CRISIS_WORDS = {
    "el": "Ο άντρας μου με χτυπάει και φοβάμαι",
    "en": "My husband hits me and I am scared",
    "ar": "زوجي يضربني وأنا خائفة",
    "fa": "شوهرم مرا کتک می‌زند و می‌ترسم",
    "uk": "Чоловік мене б'є, я боюся",
    "ur": "میرا شوہر مجھے مارتا ہے اور مجھے ڈر لگتا ہے",
    "fr": "Mon mari me frappe et j'ai peur",
    "sq": "Burri im më rreh dhe kam frikë",
    "ps": "میړه مې ما وهي او ډاره یم",
    "ku": "Mêrê min li min dixe û ez ditirsim",
    "so": "Ninkayga ayaa i garaaca waan baqayaa",
    "ru": "Муж меня бьёт, мне страшно",
}
GREETING = {"el": "Καλημέρα", "en": "Hello"}
# A case as a thread: the team writes, the citizen answers in their own words.
THREAD_WORDS = {
    "el": ("@staff Καλημέρα, τι χρειάζεστε;", "Δεν μπορώ να πληρώσω το ενοίκιο", "Και το ρεύμα", "ΜΕΝΟΥ"),
    "en": ("@staff Hello, how can we help?", "I cannot pay the rent", "And the electricity", "MENU"),
}


def _thread_inputs(words: tuple[str, str, str, str]) -> tuple[str, ...]:
    staff, first, second, menu = words
    # One acknowledgement per hour; MENU hands the conversation back to the bot.
    return (staff, first, "@wait 20", second, "@wait 61", "ok", menu, "xyz")


SCENARIOS: list[Scenario] = []
# The first message counts: a question gets its answer (or its flow) after a one-line greeting.
UNSURE_WORDS = {"el": "δεν βλέπω κανένα νόημα πια", "en": "I can't go on anymore"}
FIRST_QUESTIONS = {
    "el": ("Τι ώρες δουλεύει το κέντρο;", "Χρειάζομαι τρόφιμα για την οικογένειά μου", "Δεν έχουμε φαγητό"),
    "en": ("When are you open?", "I need food for my family", "We have no food this week"),
}
for language, (hours, food, detail) in FIRST_QUESTIONS.items():
    SCENARIOS.append(Scenario(f"first_question_hours.{language}", (hours,)))
    # Words the lexicon does not know that may speak of a crisis: helplines, then one question.
    SCENARIOS.append(Scenario(f"crisis_unsure.{language}", (UNSURE_WORDS[language], "2")))
    SCENARIOS.append(Scenario(f"first_question_food_aid.{language}", (food, "1", detail, "5", "1", "1")))
for language, words in FIRST_WORDS.items():
    SCENARIOS.append(Scenario(f"first_contact_and_menu.{language}", (words, "1", "8")))
    SCENARIOS.append(Scenario(f"crisis.{language}", (words, "2", CRISIS_WORDS[language], "1")))
for language, hello in GREETING.items():
    SCENARIOS += [
        Scenario(
            f"language_menu_when_unsure.{language}",
            ("/start", "2" if language == "en" else "1", "7", "fr", "0"),
        ),
        Scenario(
            f"info.{language}",
            (hello, "1", "1", "1", "2", "1", "3", "1", "4", "1", "5", "1", "6", "1", "7", "2"),
        ),
        Scenario(
            f"request.{language}",
            (hello, "2", "7", "2", "Η στέγη μας έπεσε / our roof fell in", "1", "2", "69", "6912345678", "1"),
        ),
        Scenario(f"appointment.{language}", (hello, "3", "2", "Τρίτη πρωί / Tuesday morning", "4", "1", "1")),
        Scenario(f"mobile_subscribe.{language}", (hello, "4", "folegandro", "1", "4", "3", "1")),
        Scenario(
            f"mobile_home_visit.{language}",
            (hello, "4", "zarouxla", "2", "Η μητέρα μου δεν περπατά / my mother cannot walk"),
            center="aigialeia",
        ),
        Scenario(f"no_mobile_unit.{language}", (hello, "mobile unit", "4"), center="mylopotamos"),
        Scenario(f"bookings.{language}", (hello, "5")),
        Scenario(f"agent_open.{language}", (hello, "6")),
        Scenario(f"thread.{language}", (hello, "6", *_thread_inputs(THREAD_WORDS[language]))),
        Scenario(
            f"agent_closed_callback.{language}", (hello, "6", "1", "2286012345", "1"), at=SATURDAY_EVENING
        ),
        Scenario(f"privacy_export.{language}", (hello, "8", "1")),
        Scenario(
            f"delete.{language}", (hello, "ΔΙΑΓΡΑΦΗ" if language == "el" else "DELETE", "2", "DELETE", "1")
        ),
        Scenario(
            f"keywords_and_misses.{language}",
            (hello, "2", "xyz", "HELP", "BACK", "abc", "qqq", "1", "STOP", "1", "START"),
        ),
    ]


# Booking, as citizens do it and as staff and jobs answer (the '@' lines are tests/golden_booking.py's).
OTHER_TAKES_IT = "@other book psychologist 2026-11-24 12:10"
VISITS = ("@visit create folegandros 2026-11-27 10:00 5", "@visit create folegandros 2026-12-04 10:00 5")
for language, hello in GREETING.items():
    menu = "ΜΕΝΟΥ" if language == "el" else "MENU"
    book = (hello, "3", "2", "1", "1")
    SCENARIOS += [
        Scenario(f"appointment_taken.{language}", (hello, "3", "2", "1", OTHER_TAKES_IT, "1", "1", "1")),
        Scenario(
            f"waiting_list.{language}", (hello, OTHER_TAKES_IT, "3", "2", "5", "1", "@other cancel", "1")
        ),
        Scenario(f"bookings_cancel.{language}", (*book, menu, "5", "1", "1", "1")),
        Scenario(f"bookings_move.{language}", (*book, menu, "5", "1", "2", "2", "1")),
        Scenario(f"mobile_booking.{language}", (VISITS[0], hello, "4", "folegandro", "1", "1", "1")),
        Scenario(f"reminder_confirm.{language}", (*book, "@wait 15", "@job reminders", "1")),
        Scenario(f"reminder_cancel.{language}", (*book, "@wait 15", "@job reminders", "2")),
        Scenario(
            f"visit_cancelled_weather.{language}",
            (
                *VISITS,
                hello,
                "4",
                "folegandro",
                "1",
                "1",
                "1",
                "@visit cancel 1 Κακοκαιρία / bad weather",
                "1",
            ),
        ),
    ]


def _reference_source(seed: str) -> object:
    rng = random.Random(seed)
    return lambda: REFERENCE_PREFIX + "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(4))


async def replay(scenario: Scenario, channel: Channel, tmp_path: Path, prepared: Path | None = None) -> str:
    if prepared is not None:
        shutil.copyfile(prepared, tmp_path / "golden.db")  # already migrated: 144 replays skip Alembic
    settings = Settings(env="test", database_url=f"sqlite:///{tmp_path / 'golden.db'}", secret_key="g" * 40)
    runtime = Runtime.build(settings, environ={}, clock=FixedClock(scenario.at))
    runtime.new_reference = _reference_source(scenario.name)  # type: ignore[assignment]
    await runtime.prepare()
    address = "+306900000000" if channel is Channel.SMS else "100200300"
    out = io.StringIO()
    transcript: list[str] = []
    try:
        for line in scenario.inputs:
            if line.startswith(("@job", "@visit", "@other")):
                transcript.extend(await golden_booking.act(runtime, scenario.center, address, line))
                continue
            if line.startswith("@"):
                transcript.extend(await _act_as_staff_or_wait(runtime, address, line))
                continue
            out.seek(0)
            out.truncate()
            await run_chat(
                runtime,
                center=scenario.center,
                channel=channel,
                address=address,
                lines=[line],
                as_json=False,
                out=out,
            )
            transcript.append(f"> {line}")
            transcript.extend(f"  {row}" if row else "" for row in out.getvalue().rstrip("\n").split("\n"))
    finally:
        await runtime.close()
    return "\n".join(transcript) + "\n"


async def _act_as_staff_or_wait(runtime: Runtime, address: str, line: str) -> list[str]:
    """``@staff <words>`` replies on the citizen's latest case; ``@wait <minutes>`` lets time pass."""
    command, _, rest = line.partition(" ")
    clock = runtime.clock
    assert isinstance(clock, FixedClock)
    if command == "@wait":
        clock.advance(timedelta(minutes=int(rest)))
        return [f"~ {rest} minutes later"]
    async with runtime.sessions.begin() as session:
        identity = await session.scalar(sa.select(ChannelIdentity).where(ChannelIdentity.address == address))
        assert identity is not None
        case = await session.scalar(
            sa.select(Case).where(Case.citizen_id == identity.citizen_id).order_by(Case.id.desc()).limit(1)
        )
        staff = (
            await session.scalar(sa.select(Staff).where(Staff.center_id == case.center_id)) if case else None
        )
        if staff is None and case is not None:
            staff = Staff(
                center_id=case.center_id, role=StaffRole.STAFF, email="sw@golden.test", password_hash="-"
            )
            session.add(staff)
            await session.flush()
        assert case is not None and staff is not None
        rows = await reply_to_citizen(session, case=case, staff=staff, text=rest, now=clock.now())
    return ["< (staff)", *(f"  {line}" for row in rows for line in row.body.split("\n")), "  ---"]


@pytest.mark.parametrize("channel", [Channel.SMS, Channel.TELEGRAM], ids=["sms", "telegram"])
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario.name for scenario in SCENARIOS])
async def test_golden_transcript(
    scenario: Scenario, channel: Channel, tmp_path: Path, prepared_sqlite: Path
) -> None:
    actual = await replay(scenario, channel, tmp_path, prepared_sqlite)
    path = GOLDEN_DIR / f"{scenario.name}.{channel.value}.txt"
    if REGOLD or not path.exists():
        path.write_text(actual, encoding="utf-8")
        if not REGOLD:
            pytest.fail(f"{path.name} was missing and has been written; review it and run again")
    assert actual == path.read_text(encoding="utf-8")
