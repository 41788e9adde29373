"""the audit head sealed under the audit key, and where it was found tampered with

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_head", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mac", sa.LargeBinary(length=32), nullable=True))
        batch_op.add_column(sa.Column("tampered_at", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_head", schema=None) as batch_op:
        batch_op.drop_column("tampered_at")
        batch_op.drop_column("mac")
