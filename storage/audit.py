"""Writing the append-only audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.enums import AuditActor
from storage.models import AuditEvent


async def record_audit(
    session: AsyncSession,
    *,
    center_id: int | None,
    actor: AuditActor,
    action: str,
    object_type: str,
    object_id: int | str | None,
    now: datetime,
    staff_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append one event; ``details`` carries ids and codes only, never personal data."""
    session.add(
        AuditEvent(
            center_id=center_id,
            actor=actor,
            staff_id=staff_id,
            action=action,
            object_type=object_type,
            object_id=None if object_id is None else str(object_id),
            details=details or {},
            at=now,
        )
    )
    await session.flush()
