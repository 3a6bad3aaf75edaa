"""inbound waiting index

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 14:45:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A citizen's messages waiting for an answer are found without reading every other waiting message.
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.create_index('ix_inbound_waiting', ['center_id', 'channel', 'address', 'id'], unique=False, sqlite_where=sa.text("status = 'received'"), postgresql_where=sa.text("status = 'received'"))


def downgrade() -> None:
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_inbound_waiting', sqlite_where=sa.text("status = 'received'"), postgresql_where=sa.text("status = 'received'"))
