"""Erasure of a citizen: identifiers, messages, state and subscriptions go; kept cases are anonymised.

What remains after erasure: the citizen row without any identifier (so monthly figures still count
the person once), and cases staff must keep, with category, priority, status, language, channel and
dates only: summary, description, answers, contact phone and attachments are removed.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from storage.audit import record_audit
from storage.enums import AuditActor, BookingStatus, CaseStatus
from storage.models import (
    Appointment,
    AppointmentSlot,
    Case,
    CaseAttachment,
    ChannelIdentity,
    Citizen,
    Conversation,
    InboundMessage,
    MobileVisit,
    OutboxMessage,
    Subscription,
    VisitBooking,
    WaitingEntry,
)

ERASED_SUMMARY = "[erased at the citizen's request]"
# The closing reason of the cases an erasure closed.
ERASED = "erased"


async def erase_citizen(
    session: AsyncSession, *, citizen_id: int, now: datetime, actor: AuditActor, staff_id: int | None = None
) -> None:
    """Erase everything that identifies a citizen; see the module docstring for what is kept."""
    citizen = await session.get_one(Citizen, citizen_id)
    identities = (
        await session.scalars(sa.select(ChannelIdentity).where(ChannelIdentity.citizen_id == citizen_id))
    ).all()
    identity_ids = [identity.id for identity in identities]
    case_ids = sa.select(Case.id).where(Case.citizen_id == citizen_id)
    await session.execute(sa.delete(CaseAttachment).where(CaseAttachment.case_id.in_(case_ids)))
    await session.execute(sa.delete(OutboxMessage).where(OutboxMessage.case_id.in_(case_ids)))
    # Their open cases leave the active queue: closed as erased, by whoever erased them.
    await session.execute(
        sa.update(Case)
        .where(Case.citizen_id == citizen_id, Case.status != CaseStatus.CLOSED)
        .values(
            status=CaseStatus.CLOSED, closed_at=now, closed_reason=ERASED, closed_by_id=staff_id,
            thread_open_until=None, citizen_replied_at=None, unread=0,
        )
    )  # fmt: skip
    await session.execute(
        sa.update(Case)
        .where(Case.citizen_id == citizen_id)
        .values(
            citizen_id=None,
            identity_id=None,
            summary=ERASED_SUMMARY,
            description=None,
            search_text=None,
            answers={},
            contact_phone=None,
            anonymised_at=now,
            updated_at=now,
        )
    )
    await _release_bookings(session, citizen_id=citizen_id, now=now)
    await session.execute(sa.delete(WaitingEntry).where(WaitingEntry.citizen_id == citizen_id))
    if identity_ids:
        await session.execute(sa.delete(OutboxMessage).where(OutboxMessage.identity_id.in_(identity_ids)))
        await session.execute(sa.delete(InboundMessage).where(InboundMessage.identity_id.in_(identity_ids)))
        for identity in identities:
            # Messages stored but never answered carry the address without the identity.
            await session.execute(
                sa.delete(InboundMessage).where(
                    InboundMessage.center_id == identity.center_id,
                    InboundMessage.channel == identity.channel,
                    InboundMessage.address == identity.address,
                )
            )
        await session.execute(sa.delete(Subscription).where(Subscription.identity_id.in_(identity_ids)))
        await session.execute(sa.delete(Conversation).where(Conversation.identity_id.in_(identity_ids)))
        await session.execute(sa.delete(ChannelIdentity).where(ChannelIdentity.id.in_(identity_ids)))
    citizen.display_name = None
    citizen.callback_phone = None
    citizen.erased_at = now
    await record_audit(
        session, center_id=citizen.center_id, actor=actor, staff_id=staff_id, action="citizen.erase",
        object_type="citizen", object_id=citizen_id, now=now,
    )  # fmt: skip


async def _release_bookings(session: AsyncSession, *, citizen_id: int, now: datetime) -> None:
    """Cancel live bookings (freeing their places) and detach all bookings from the citizen."""
    live_slots = (
        await session.scalars(
            sa.select(Appointment.slot_id).where(
                Appointment.citizen_id == citizen_id, Appointment.status == BookingStatus.BOOKED
            )
        )
    ).all()
    for slot_id in live_slots:
        await session.execute(
            sa.update(AppointmentSlot)
            .where(AppointmentSlot.id == slot_id)
            .values(booked=AppointmentSlot.booked - 1)
        )
    live_visits = (
        await session.scalars(
            sa.select(VisitBooking.visit_id).where(
                VisitBooking.citizen_id == citizen_id, VisitBooking.status == BookingStatus.BOOKED
            )
        )
    ).all()
    for visit_id in live_visits:
        await session.execute(
            sa.update(MobileVisit).where(MobileVisit.id == visit_id).values(booked=MobileVisit.booked - 1)
        )
    for model in (Appointment, VisitBooking):
        await session.execute(
            sa.update(model)
            .where(model.citizen_id == citizen_id, model.status == BookingStatus.BOOKED)
            .values(status=BookingStatus.CANCELLED, cancelled_at=now)
        )
        await session.execute(sa.update(model).where(model.citizen_id == citizen_id).values(citizen_id=None))
