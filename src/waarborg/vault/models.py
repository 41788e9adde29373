"""The personal-data store: subjects, their identifiers, records and events, and the keys that open them.

What queries need (activity, times, due date, status) is in clear and indexed; field values and identifiers
are ciphertext; identifiers are found by their blind index. Only the vault imports this module (an
import-linter contract in pyproject.toml): every layer above goes through the vault's functions.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from waarborg.core.db import Base, KeyBase
from waarborg.core.timeutil import UTCDateTime
from waarborg.vault.tables import new_id, utcnow


class Subject(Base):
    """A person, known only by a pseudonymous id."""

    __tablename__ = "subjects"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="active")


class Identifier(Base):
    """An e-mail address, phone number, ... of a subject: blind index for lookup, ciphertext for display."""

    __tablename__ = "identifiers"
    __table_args__ = (Index("ix_identifiers_blind", "blind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject_id: Mapped[str] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    blind: Mapped[bytes] = mapped_column(LargeBinary(32))
    value: Mapped[bytes] = mapped_column(LargeBinary)


class Record(Base):
    """One submission for one activity, with why it is held and until when."""

    __tablename__ = "records"
    __table_args__ = (
        # With subject_id: an audience pages through an activity's people in id order without sorting.
        Index("ix_records_activity_status", "activity", "status", "subject_id"),
        Index("ix_records_due_at", "due_at"),
        # The forecast's counts per activity (undated, restricted) read this index alone, not the table.
        Index("ix_records_status_due", "status", "due_at", "activity"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    subject_id: Mapped[str] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"), index=True)
    activity: Mapped[str] = mapped_column(String(64))
    collected_at: Mapped[datetime] = mapped_column(UTCDateTime())
    source: Mapped[str] = mapped_column(String(64), default="data_subject")
    basis: Mapped[str] = mapped_column(String(32))
    purposes: Mapped[list[str]] = mapped_column(JSON)
    recipients: Mapped[list[str]] = mapped_column(JSON)
    fields: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="active")
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    due_rule: Mapped[int | None] = mapped_column(Integer, nullable=True)
    values: Mapped[bytes] = mapped_column(LargeBinary)


class Event(Base):
    """A lifecycle event of a subject (course ended, unsubscribed, ...), optionally for one record."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_subject_name", "subject_id", "name"),
        Index("ix_events_record", "record_id"),  # deleting a record looks up its events
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject_id: Mapped[str] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    record_id: Mapped[str | None] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), nullable=True)
    activity: Mapped[str | None] = mapped_column(String(64), nullable=True)
    name: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class SubjectKey(KeyBase):
    """A subject's data key, wrapped by the master key. Deleting it shreds the subject's data."""

    __tablename__ = "subject_keys"

    subject_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)


class SystemKey(KeyBase):
    """Keys of the installation (blind index, signing), wrapped by the master key."""

    __tablename__ = "system_keys"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)
