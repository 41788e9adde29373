"""Tables of data-subject requests: the request and its steps (the tasks it gives are ``vault.tables.Task``)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from waarborg.core.db import Base
from waarborg.core.timeutil import UTCDateTime
from waarborg.vault.tables import new_id, utcnow


class Request(Base):
    """One request of a data subject. What the lists need (kind, status, dates) is in clear; the requester's
    address and what they wrote are sealed under the request key, and the address goes once answered."""

    __tablename__ = "requests"
    __table_args__ = (Index("ix_requests_status_due", "status", "due_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))  # unverified | verified | fulfilled | refused
    subject_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    contact: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # sealed e-mail address
    details: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # sealed JSON: what they asked
    lang: Mapped[str] = mapped_column(String(2))
    channel: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_on: Mapped[date] = mapped_column(Date())
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())  # the end of due_on in Amsterdam
    due_rule: Mapped[str] = mapped_column(String(300))
    extended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    extension_reason: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    verified_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    verified_how: Mapped[str | None] = mapped_column(String(500), nullable=True)
    code_digest: Mapped[bytes | None] = mapped_column(LargeBinary(32), nullable=True)
    code_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    codes_sent: Mapped[int] = mapped_column(Integer, default=0)
    code_attempts: Mapped[int] = mapped_column(Integer, default=0)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    answered_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    outcome: Mapped[dict[str, object] | None] = mapped_column(JSON, nullable=True)  # counts and reasons, no values
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RequestStep(Base):
    """What happened to a request, when and by whom: the request's own timeline (the audit trail has it too)."""

    __tablename__ = "request_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(200))
    step: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(String(1000), nullable=True)
