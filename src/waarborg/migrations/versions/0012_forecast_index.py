"""the forecast's counts per activity (records without a date, restricted records) from an index

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 02:40:00
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.create_index("ix_records_status_due", ["status", "due_at", "activity"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.drop_index("ix_records_status_due")
