"""The append-only audit log; database triggers refuse updates and deletes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, fk_column, id_column, utcnow_column
from storage.enums import AuditActor


class AuditEvent(Base):
    """Who read or changed what, when, in which center; ids only, never personal data."""

    __tablename__ = "audit_events"

    id: Mapped[int] = id_column()
    center_id: Mapped[int | None] = fk_column("centers.id", nullable=True, index=False)
    actor: Mapped[AuditActor]
    staff_id: Mapped[int | None] = fk_column("staff.id", nullable=True, index=False)
    action: Mapped[str] = mapped_column(sa.String(60))
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[str | None] = mapped_column(sa.String(40))
    details: Mapped[dict[str, Any]]
    at: Mapped[datetime] = utcnow_column()


sa.Index("ix_audit_events_center_at", AuditEvent.center_id, AuditEvent.at)

# The same statements run in the migration; attaching them here keeps create_all() equivalent.
SQLITE_AUDIT_TRIGGERS = (
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
)
POSTGRES_AUDIT_TRIGGERS = (
    "CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$",
    "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()",
)


def _ddl(statement: str, dialect: str) -> sa.ExecutableDDLElement:
    return sa.DDL(statement).execute_if(dialect=dialect)  # type: ignore[no-untyped-call]


for _statement in SQLITE_AUDIT_TRIGGERS:
    sa.event.listen(AuditEvent.__table__, "after_create", _ddl(_statement, "sqlite"))
for _statement in POSTGRES_AUDIT_TRIGGERS:
    sa.event.listen(AuditEvent.__table__, "after_create", _ddl(_statement, "postgresql"))
