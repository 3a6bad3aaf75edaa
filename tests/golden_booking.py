"""Golden-transcript helpers that act as staff or as a job around a citizen's booking conversation.

``@job reminders|visit_changes`` runs a job once at the clock's time; ``@visit create <area> <YYYY-MM-DD>
<HH:MM> <capacity>``, ``@visit move <id> <YYYY-MM-DD> <HH:MM>`` and ``@visit cancel <id> <reason>`` act as a
coordinator; ``@other book <service> <YYYY-MM-DD> <HH:MM>`` has another citizen take a time and ``@other
cancel`` has staff cancel it. Each prints what the citizen of the transcript receives because of it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.jobs.reminders import reminders_job
from bot.jobs.visit_changes import visit_changes_job
from bot.notices.appointments import tell_appointment_cancelled
from bot.notices.visits import tell_visit_change
from bot.notices.waiting import offer_freed_time
from frontdesk.runtime import Runtime
from storage.appointments import book_appointment, cancel_appointment, get_appointment
from storage.contacts import identity_for_phone
from storage.enums import AuditActor, Channel, OutboxStatus, StaffRole
from storage.models import Appointment, Area, Center, MobileVisit, OutboxMessage, Staff
from storage.visits import cancel_visit, create_visit, move_visit

OTHER_PHONE = "+306900000099"
ATHENS = ZoneInfo("Europe/Athens")


def _local(day: str, clock: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=ATHENS).astimezone(UTC)


async def _coordinator(session: AsyncSession, center: Center) -> Staff:
    staff = await session.scalar(
        sa.select(Staff).where(Staff.center_id == center.id, Staff.email == "coordinator@golden.test")
    )
    if staff is None:
        staff = Staff(
            center_id=center.id,
            role=StaffRole.COORDINATOR,
            email="coordinator@golden.test",
            password_hash="-",
        )
        session.add(staff)
        await session.flush()
    return staff


async def _visit(session: AsyncSession, center: Center, words: list[str], now: datetime) -> str:
    action, *rest = words
    staff = await _coordinator(session, center)
    if action == "create":
        slug, day, clock, capacity = rest
        area = await session.scalar(sa.select(Area).where(Area.center_id == center.id, Area.slug == slug))
        assert area is not None
        starts_at = _local(day, clock)
        visit = await create_visit(
            session, staff=staff, area=area, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3),
            capacity=int(capacity), note=None, now=now,
        )  # fmt: skip
        return f"~ visit {visit.id} to {slug} on {day} {clock} ({capacity} places)"
    visit = await session.get_one(MobileVisit, int(rest[0]))
    if action == "move":
        starts_at = _local(rest[1], rest[2])
        await move_visit(
            session,
            visit=visit,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=3),
            staff=staff,
            now=now,
        )
    else:
        await cancel_visit(session, visit=visit, reason=" ".join(rest[1:]), staff=staff, now=now)
    await tell_visit_change(session, center=center, visit=visit, now=now)
    return f"~ visit {visit.id} {'moved' if action == 'move' else 'cancelled'} by the coordinator"


async def _other(session: AsyncSession, center: Center, words: list[str], now: datetime) -> str:
    _identity, other = await identity_for_phone(session, center_id=center.id, phone=OTHER_PHONE, now=now)
    if words[0] == "book":
        service, day, clock = words[1:]
        await book_appointment(
            session, center=center, citizen_id=other.id, service=service, starts_at=_local(day, clock), now=now,
            actor=AuditActor.STAFF,
        )  # fmt: skip
        return f"~ another citizen books the {service} on {day} {clock}"
    appointment_id = await session.scalar(
        sa.select(Appointment.id).where(Appointment.citizen_id == other.id).order_by(Appointment.id.desc())
    )
    assert appointment_id is not None
    booked = await get_appointment(session, center_id=center.id, appointment_id=appointment_id)
    assert booked is not None
    await cancel_appointment(session, booked=booked, now=now, actor=AuditActor.STAFF, reason="illness")
    await tell_appointment_cancelled(session, center=center, booked=booked, reason="illness", now=now)
    await offer_freed_time(
        session, center=center, service=booked.slot.service, starts_at=booked.slot.starts_at, now=now
    )
    return "~ staff cancel the other citizen's appointment"


async def act(runtime: Runtime, center_slug: str, address: str, line: str) -> list[str]:
    """Perform one ``@job``, ``@visit`` or ``@other`` line; the transcript lines it adds."""
    command, *words = line.split()
    now = runtime.clock.now()
    if command == "@job":
        job = {"reminders": reminders_job, "visit_changes": visit_changes_job}[words[0]]
        await job(_JobContext(runtime))  # type: ignore[arg-type]
        heading = f"~ job {words[0]}"
    else:
        async with runtime.sessions.begin() as session:
            center = await session.scalar(sa.select(Center).where(Center.slug == center_slug))
            assert center is not None
            act_on = _visit if command == "@visit" else _other
            heading = await act_on(session, center, words, now)
    return [heading, *await delivered(runtime, address)]


class _JobContext:
    """The part of a job context the booking jobs use."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime


async def delivered(runtime: Runtime, address: str) -> list[str]:
    """What waits in the outbox for the citizen, printed as the simulator does, then marked sent."""
    lines: list[str] = []
    async with runtime.sessions.begin() as session:
        rows = (
            await session.scalars(
                sa.select(OutboxMessage)
                .where(OutboxMessage.to_address == address, OutboxMessage.status == OutboxStatus.PENDING)
                .order_by(OutboxMessage.id)
            )
        ).all()
        for row in rows:
            lines.append("< (job or staff)")
            lines.extend(f"  {text}" for text in row.body.split("\n"))
            if row.channel is Channel.TELEGRAM:
                lines.extend(f"    [{c['label']}] → {c['key']}" for c in row.payload.get("choices", []))
            else:
                lines.append(f"    ({row.payload.get('segments')} SMS, {row.payload.get('encoding')})")
            lines.append("  ---")
            row.status = OutboxStatus.SENT
            row.sent_at = runtime.clock.now()
    return lines
