"""attempt counters and spent tokens in the database; staff second factors sealed and used once

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import waarborg.core.timeutil

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attempt_counters",
        sa.Column("key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("window_start", waarborg.core.timeutil.UTCDateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_attempt_counters")),
    )
    with op.batch_alter_table("attempt_counters", schema=None) as batch_op:
        batch_op.create_index("ix_attempt_counters_window", ["window_start"], unique=False)
    op.create_table(
        "spent_tokens",
        sa.Column("digest", sa.LargeBinary(length=32), nullable=False),
        sa.Column("expires_at", waarborg.core.timeutil.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_spent_tokens")),
    )
    with op.batch_alter_table("spent_tokens", schema=None) as batch_op:
        batch_op.create_index("ix_spent_tokens_expires", ["expires_at"], unique=False)
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_sealed", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staff_users", schema=None) as batch_op:
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_sealed")
    with op.batch_alter_table("spent_tokens", schema=None) as batch_op:
        batch_op.drop_index("ix_spent_tokens_expires")
    op.drop_table("spent_tokens")
    with op.batch_alter_table("attempt_counters", schema=None) as batch_op:
        batch_op.drop_index("ix_attempt_counters_window")
    op.drop_table("attempt_counters")
