"""the office: the audit trail by actor and by request; breaches record when the people were told

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 17:30:00
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

import waarborg.core.timeutil

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

REQUEST_KINDS = ("request.step", "task.created", "task.closed", "task.dead_lettered")


def upgrade() -> None:
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("request_id", sa.String(length=32), nullable=True))
        batch_op.create_index("ix_audit_entries_actor", ["actor", "seq"], unique=False)
        batch_op.create_index("ix_audit_entries_request", ["request_id", "seq"], unique=False)
    _fill_request_ids()
    with op.batch_alter_table("breaches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("messaged_at", waarborg.core.timeutil.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("messaged_count", sa.Integer(), nullable=True))


def _fill_request_ids() -> None:
    """Entries written before the column: their request, from the sealed payload."""
    entries = sa.table("audit_entries", sa.column("seq", sa.Integer), sa.column("kind", sa.String),
                       sa.column("payload", sa.JSON), sa.column("request_id", sa.String))  # fmt: skip
    connection = op.get_bind()
    rows = connection.execute(sa.select(entries.c.seq, entries.c.payload).where(entries.c.kind.in_(REQUEST_KINDS)))
    for seq, payload in list(rows):
        loaded = json.loads(payload) if isinstance(payload, str) else payload
        request = loaded.get("request") if isinstance(loaded, dict) else None
        if isinstance(request, str):
            connection.execute(sa.update(entries).where(entries.c.seq == seq).values(request_id=request))


def downgrade() -> None:
    with op.batch_alter_table("breaches", schema=None) as batch_op:
        batch_op.drop_column("messaged_count")
        batch_op.drop_column("messaged_at")
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entries_request")
        batch_op.drop_index("ix_audit_entries_actor")
        batch_op.drop_column("request_id")
