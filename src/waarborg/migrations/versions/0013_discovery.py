"""discovery: the reports of ``waarborg discover``, the newest per system found by an index

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 05:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import waarborg.core.timeutil

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "discovery_reports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("system", sa.String(length=64), nullable=True),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("made_at", waarborg.core.timeutil.UTCDateTime(timezone=True), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("warnings", sa.Integer(), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discovery_reports")),
    )
    with op.batch_alter_table("discovery_reports", schema=None) as batch_op:
        batch_op.create_index("ix_discovery_reports_system", ["system", "made_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("discovery_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_discovery_reports_system")
    op.drop_table("discovery_reports")
