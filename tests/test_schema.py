"""The schema: migrations equal the models, and the database itself guards the invariants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.exc import DBAPIError, IntegrityError

import storage.models  # noqa: F401
from storage import migrate
from storage.base import Base
from storage.db import create_sync_engine

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def test_migrations_create_exactly_the_models(migrated_url: str) -> None:
    engine = create_sync_engine(migrated_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        assert context.get_current_revision() is not None
    engine.dispose()


def test_upgrade_is_idempotent(migrated_url: str) -> None:
    before = migrate.current_revision(migrated_url)
    migrate.upgrade(migrated_url)
    assert migrate.current_revision(migrated_url) == before


def _insert(connection: sa.Connection, table: str, **values: object) -> int:
    result = connection.execute(Base.metadata.tables[table].insert().values(**values))
    assert result.inserted_primary_key is not None
    return int(result.inserted_primary_key[0])


def _center(connection: sa.Connection) -> int:
    empty: dict[str, object] = {}
    return _insert(
        connection,
        "centers",
        slug="demo",
        name={"el": "Δοκιμή"},
        municipality={"el": "Δ"},
        region={"el": "Π"},
        address={"el": "Οδός"},
        phones=[],
        hours=empty,
        extended_hours=empty,
        closed_dates=[],
        staffing=empty,
        services=[],
        timezone="Europe/Athens",
        mobile_unit=False,
        home_visits=False,
        telegram_enabled=False,
        greek_caps=False,
        sms_segment_cap=4,
        sla_hours=48,
        active=True,
    )


def test_audit_log_is_append_only(migrated_url: str) -> None:
    engine = create_sync_engine(migrated_url)
    audit = Base.metadata.tables["audit_events"]
    with engine.begin() as connection:
        _insert(connection, "audit_events", actor="system", action="test", object_type="x", details={})
    for statement in (audit.update().values(action="changed"), audit.delete()):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(statement)
    with engine.connect() as connection:
        assert connection.execute(sa.select(audit.c.action)).scalars().all() == ["test"]
    engine.dispose()


def test_slot_cannot_be_overbooked_and_a_citizen_books_a_slot_once(migrated_url: str) -> None:
    engine = create_sync_engine(migrated_url)
    slots = Base.metadata.tables["appointment_slots"]
    with engine.begin() as connection:
        center = _center(connection)
        citizen = _insert(connection, "citizens", center_id=center, locale="el", locale_confirmed=False)
        slot = _insert(
            connection,
            "appointment_slots",
            center_id=center,
            service="social_worker",
            starts_at=NOW,
            ends_at=NOW + timedelta(minutes=30),
            capacity=1,
            booked=1,
            by_phone=False,
        )
        _insert(
            connection, "appointments", center_id=center, slot_id=slot, citizen_id=citizen, status="booked"
        )
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(slots.update().values(booked=2))
    with pytest.raises(IntegrityError), engine.begin() as connection:
        _insert(
            connection, "appointments", center_id=center, slot_id=slot, citizen_id=citizen, status="booked"
        )
    # A cancelled booking does not block booking the same slot again.
    with engine.begin() as connection:
        appointments = Base.metadata.tables["appointments"]
        connection.execute(appointments.update().values(status="cancelled"))
        _insert(
            connection, "appointments", center_id=center, slot_id=slot, citizen_id=citizen, status="booked"
        )
    engine.dispose()


def test_one_slot_row_per_time_without_a_named_professional(migrated_url: str) -> None:
    # NULL staff ids are distinct in a unique constraint on PostgreSQL; a partial unique index holds it.
    engine = create_sync_engine(migrated_url)
    row = {
        "service": "psychologist",
        "starts_at": NOW,
        "ends_at": NOW + timedelta(minutes=50),
        "capacity": 1,
        "booked": 0,
        "by_phone": False,
    }
    with engine.begin() as connection:
        center = _center(connection)
        _insert(connection, "appointment_slots", center_id=center, **row)
    with pytest.raises(IntegrityError), engine.begin() as connection:
        _insert(connection, "appointment_slots", center_id=center, **row)
    engine.dispose()


def test_provider_ids_are_unique_per_channel(migrated_url: str) -> None:
    engine = create_sync_engine(migrated_url)
    row = {"channel": "sms", "provider_id": "SM123", "kind": "text", "payload": {}, "status": "received"}
    with engine.begin() as connection:
        center = _center(connection)
        _insert(connection, "inbound_messages", center_id=center, **row)
        _insert(connection, "inbound_messages", center_id=center, **{**row, "channel": "telegram"})
    with pytest.raises(IntegrityError), engine.begin() as connection:
        _insert(connection, "inbound_messages", center_id=center, **row)
    engine.dispose()


def test_timestamps_come_back_aware_in_utc(migrated_url: str) -> None:
    engine = create_sync_engine(migrated_url)
    staff = Base.metadata.tables["staff"]
    athens_noon = datetime.fromisoformat("2026-07-01T12:00:00+03:00")
    with engine.begin() as connection:
        center = _center(connection)
        _insert(
            connection,
            "staff",
            center_id=center,
            email="a@b.gr",
            role="staff",
            password_hash="x",
            active=True,
            failed_logins=0,
            locked_until=athens_noon,
        )
        stored = connection.execute(sa.select(staff.c.locked_until, staff.c.created_at)).one()
    assert stored.locked_until == athens_noon and stored.locked_until.tzinfo == UTC
    assert stored.created_at.tzinfo == UTC
    with pytest.raises(sa.exc.StatementError, match="naive datetime"), engine.begin() as connection:
        connection.execute(staff.update().values(locked_until=datetime(2026, 1, 1)))  # noqa: DTZ001
    engine.dispose()


def test_database_errors_do_not_carry_personal_data(migrated_url: str) -> None:
    engine = create_sync_engine(migrated_url)
    row = {
        "channel": "sms",
        "provider_id": "SM1",
        "kind": "text",
        "payload": {},
        "status": "received",
        "text": "my phone is 6912345678",
    }
    with engine.begin() as connection:
        center = _center(connection)
        _insert(connection, "inbound_messages", center_id=center, **row)
    with pytest.raises(IntegrityError) as raised, engine.begin() as connection:
        _insert(connection, "inbound_messages", center_id=center, **row)
    assert "6912345678" not in str(raised.value)
    engine.dispose()
