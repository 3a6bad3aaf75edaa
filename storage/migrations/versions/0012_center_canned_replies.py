"""center canned replies

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 15:03:58.214512
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.base


revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A center's wording of a built-in canned reply in one language, or a reply of its own.
    op.create_table('canned_replies',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('center_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('language', sa.Enum('el', 'en', 'ar', 'fa', 'uk', 'ur', 'fr', 'sq', 'ps', 'ku', 'so', 'ru', name='language', native_enum=False, length=32), nullable=False),
    sa.Column('text', sa.String(length=1000), nullable=False),
    sa.Column('updated_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('updated_at', storage.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['centers.id'], name=op.f('fk_canned_replies_center_id_centers')),
    sa.ForeignKeyConstraint(['updated_by'], ['staff.id'], name=op.f('fk_canned_replies_updated_by_staff'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_canned_replies')),
    sa.UniqueConstraint('center_id', 'key', 'language', name=op.f('uq_canned_replies_center_id_key_language'))
    )


def downgrade() -> None:
    op.drop_table('canned_replies')
