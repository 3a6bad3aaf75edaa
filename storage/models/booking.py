"""Appointment slots, appointments, mobile-unit visits and their bookings."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, fk_column, id_column, utcnow_column
from storage.enums import AuditActor, BookingStatus, VisitStatus, WaitingStatus

_BOOKED = sa.text("status = 'booked'")
_WAITING = sa.text("status IN ('waiting', 'offered')")
_UNSTAFFED = sa.text("staff_id IS NULL")


class AppointmentSlot(Base):
    """A bookable time with a professional; ``booked`` never exceeds ``capacity``."""

    __tablename__ = "appointment_slots"
    __table_args__ = (
        sa.CheckConstraint("booked >= 0 AND booked <= capacity", name="booked_within_capacity"),
        sa.UniqueConstraint("center_id", "service", "starts_at", "staff_id"),
        # NULLs are distinct in a unique constraint (PostgreSQL): slots of no named professional need their own.
        sa.Index(
            "uq_appointment_slots_unstaffed",
            "center_id",
            "service",
            "starts_at",
            unique=True,
            sqlite_where=_UNSTAFFED,
            postgresql_where=_UNSTAFFED,
        ),
    )

    id: Mapped[int] = id_column()
    center_id: Mapped[int] = fk_column("centers.id")
    # A role of the centers file's ``staff`` table (social_worker, psychologist, or another one listed there).
    service: Mapped[str] = mapped_column(sa.String(32))
    staff_id: Mapped[int | None] = fk_column("staff.id", nullable=True, index=False)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    capacity: Mapped[int] = mapped_column(default=1)
    booked: Mapped[int] = mapped_column(default=0)
    location: Mapped[str | None] = mapped_column(sa.String(200))
    by_phone: Mapped[bool] = mapped_column(default=False)
    cancelled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = utcnow_column()


class Appointment(Base):
    """A citizen's booking of a slot; at most one live booking per citizen and slot."""

    __tablename__ = "appointments"
    __table_args__ = (
        sa.Index(
            "uq_appointments_live",
            "slot_id",
            "citizen_id",
            unique=True,
            sqlite_where=_BOOKED,
            postgresql_where=_BOOKED,
        ),
    )

    id: Mapped[int] = id_column()
    center_id: Mapped[int] = fk_column("centers.id")
    slot_id: Mapped[int] = fk_column("appointment_slots.id")
    citizen_id: Mapped[int | None] = fk_column("citizens.id", nullable=True)
    case_id: Mapped[int | None] = fk_column("cases.id", nullable=True, index=False)
    # The staff member who sees the citizen, when one is named (the calendar filters by it).
    staff_id: Mapped[int | None] = fk_column("staff.id", nullable=True, index=False)
    status: Mapped[BookingStatus] = mapped_column(default=BookingStatus.BOOKED)
    # The interpreter of the centers file booked with the appointment, if any.
    interpreter_id: Mapped[str | None] = mapped_column(sa.String(40))
    reminder_sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = utcnow_column()
    cancelled_at: Mapped[datetime | None]
    cancelled_by: Mapped[AuditActor | None]
    cancel_reason: Mapped[str | None] = mapped_column(sa.String(500))


class MobileVisit(Base):
    """A published stop of the mobile unit in one area."""

    __tablename__ = "mobile_visits"
    __table_args__ = (
        sa.CheckConstraint("booked >= 0 AND booked <= capacity", name="booked_within_capacity"),
    )

    id: Mapped[int] = id_column()
    center_id: Mapped[int] = fk_column("centers.id")
    area_id: Mapped[int] = fk_column("areas.id")
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    place: Mapped[str | None] = mapped_column(sa.String(200))
    capacity: Mapped[int] = mapped_column(default=10)
    booked: Mapped[int] = mapped_column(default=0)
    status: Mapped[VisitStatus] = mapped_column(default=VisitStatus.SCHEDULED)
    notes: Mapped[str | None] = mapped_column(sa.Text)
    cancel_reason: Mapped[str | None] = mapped_column(sa.String(500))
    # Set when a change (time, place, cancellation) still has to be told to booked citizens.
    change_pending_since: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    created_by: Mapped[int | None] = fk_column("staff.id", nullable=True, index=False)
    created_at: Mapped[datetime] = utcnow_column()
    updated_at: Mapped[datetime] = utcnow_column()


class VisitBooking(Base):
    """A citizen's place at a mobile-unit visit (or a request to be visited at home)."""

    __tablename__ = "visit_bookings"
    __table_args__ = (
        sa.Index(
            "uq_visit_bookings_live",
            "visit_id",
            "citizen_id",
            unique=True,
            sqlite_where=_BOOKED,
            postgresql_where=_BOOKED,
        ),
    )

    id: Mapped[int] = id_column()
    center_id: Mapped[int] = fk_column("centers.id")
    visit_id: Mapped[int] = fk_column("mobile_visits.id")
    citizen_id: Mapped[int | None] = fk_column("citizens.id", nullable=True)
    status: Mapped[BookingStatus] = mapped_column(default=BookingStatus.BOOKED)
    home_visit: Mapped[bool] = mapped_column(default=False)
    reminder_sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = utcnow_column()
    cancelled_at: Mapped[datetime | None]
    cancelled_by: Mapped[AuditActor | None]


class BlockedTime(Base):
    """Leave or a blocked time entered by staff: ``count`` professionals of a service are away."""

    __tablename__ = "blocked_times"
    __table_args__ = (
        sa.CheckConstraint("count >= 1", name="count_positive"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = id_column()
    center_id: Mapped[int] = fk_column("centers.id")
    service: Mapped[str] = mapped_column(sa.String(32))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    count: Mapped[int] = mapped_column(default=1)
    created_by: Mapped[int | None] = fk_column("staff.id", nullable=True, index=False)
    created_at: Mapped[datetime] = utcnow_column()


class WaitingEntry(Base):
    """A citizen who found no time that suits and asked to be offered the first one that frees up."""

    __tablename__ = "waiting_list"
    __table_args__ = (
        # One live entry per citizen and service: asking twice keeps the first place in the queue.
        sa.Index(
            "uq_waiting_list_live",
            "center_id",
            "service",
            "citizen_id",
            unique=True,
            sqlite_where=_WAITING,
            postgresql_where=_WAITING,
        ),
    )

    id: Mapped[int] = id_column()
    center_id: Mapped[int] = fk_column("centers.id")
    citizen_id: Mapped[int | None] = fk_column("citizens.id", nullable=True)
    service: Mapped[str] = mapped_column(sa.String(32))
    status: Mapped[WaitingStatus] = mapped_column(default=WaitingStatus.WAITING)
    # The freed time last offered: the same time is never offered twice to one citizen.
    offered_starts_at: Mapped[datetime | None]
    offered_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = utcnow_column()
