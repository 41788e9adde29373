"""The vault's other tables: what the layers above keep about the processing itself (holds, consent
receipts, notices, tasks, the do-not-contact list, statistics, settings, API keys, import jobs, discovery
reports). They name a subject by id at most; personal data in them is sealed or a blind index.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from waarborg.core.db import Base
from waarborg.core.timeutil import UTCDateTime


def new_id() -> str:
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(UTC)


class Hold(Base):
    """Data that must not be deleted yet: a statutory period (fiscal, 7 years) or a legal hold (a claim).

    While a hold lasts, a subject's records that fall due are restricted instead of deleted: kept, used for
    nothing, visible to the DPO only. ``activities`` None means every activity of the subject.
    """

    __tablename__ = "holds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject_id: Mapped[str] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # statutory | legal
    reference: Mapped[str] = mapped_column(String(200))  # the law, or the claim's case number
    reason: Mapped[str] = mapped_column(String(500))
    activities: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    until: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    released_by: Mapped[str | None] = mapped_column(String(200), nullable=True)


class ConsentReceipt(Base):
    """One grant or withdrawal of consent for an activity's option: who, what, when, how, which wording, by
    whom. Append-only; the current state is the latest receipt per subject, activity and option."""

    __tablename__ = "consent_receipts"
    __table_args__ = (Index("ix_consent_receipts_subject", "subject_id", "activity"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject_id: Mapped[str] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    activity: Mapped[str] = mapped_column(String(64))
    option: Mapped[str] = mapped_column(String(64))  # an option key, or "consent" for an activity without options
    granted: Mapped[bool] = mapped_column()
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    via: Mapped[str] = mapped_column(String(32))
    form_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    wording: Mapped[str] = mapped_column(String(64))  # sha256 of the text shown, rendered from the register
    lang: Mapped[str] = mapped_column(String(2))
    recorded_by: Mapped[str] = mapped_column(String(200))
    soft_opt_in: Mapped[bool] = mapped_column(default=False)


class CookieConsent(Base):
    """A website visitor's cookie choice: an anonymous visitor id (stored hashed), the categories accepted,
    the banner version shown, and when the choice lapses and the banner asks again."""

    __tablename__ = "cookie_consents"
    __table_args__ = (Index("ix_cookie_consents_visitor", "visitor", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    visitor: Mapped[str] = mapped_column(String(64))  # sha256 of the id the browser made up
    choices: Mapped[dict[str, bool]] = mapped_column(JSON)
    version: Mapped[str] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(2))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class NoticeMessage(Base):
    """An Art 14 message to a person whose data came from elsewhere: when it is due, when it went out, the
    answer (yes, no, none) and when. ``kind`` is 'notice' for the first, 'again' for a periodic question."""

    __tablename__ = "notices"
    __table_args__ = (
        Index("ix_notices_due", "sent_at", "due_at"),
        Index("ix_notices_answer", "answered_at", "answer_by"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject_id: Mapped[str] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"), index=True)
    activity: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16), default="notice")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    answer_by: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    answer: Mapped[str | None] = mapped_column(String(8), nullable=True)  # yes | no | none


class DoNotContact(Base):
    """An identifier that must not be approached again, kept only as its blind index: no value, no subject."""

    __tablename__ = "do_not_contact"
    __table_args__ = (Index("ix_do_not_contact_blind", "blind", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(64))
    blind: Mapped[bytes] = mapped_column(LargeBinary(32))
    reason: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Statistic(Base):
    """What stays of an anonymised record: its activity, the year, and fields the register names as not
    identifying. No subject, no record id, no time finer than the year."""

    __tablename__ = "statistics"
    __table_args__ = (Index("ix_statistics_activity_year", "activity", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    activity: Mapped[str] = mapped_column(String(64))
    year: Mapped[int] = mapped_column(Integer)
    facts: Mapped[dict[str, object]] = mapped_column(JSON)


class Setting(Base):
    """Small state of the installation, by name: the retention rules the due dates follow, leases."""

    __tablename__ = "settings"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict[str, object]] = mapped_column(JSON)
    holder: Mapped[str | None] = mapped_column(String(200), nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Task(Base):
    """Work for someone else: a system that holds the person's data (erase, export, correct, restrict there), a
    processor, or a recipient to tell (Art 19). From a request (``request_id``) or a retention step. Who it is
    about is sealed under the request key and wiped once the task is closed; delivery state is for webhooks."""

    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_status_due", "status", "due_at"),
        Index("ix_tasks_delivery", "reach", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    target: Mapped[str] = mapped_column(String(64))  # a register key of a system, processor or recipient
    target_kind: Mapped[str] = mapped_column(String(16))  # system | processor | recipient
    name: Mapped[str] = mapped_column(String(200))  # the target's name when the task was made
    reach: Mapped[str] = mapped_column(String(16), default="manual")  # manual | webhook | sql
    owner: Mapped[str | None] = mapped_column(String(200), nullable=True)
    action: Mapped[str] = mapped_column(String(32))  # access | rectification | erasure | restriction | delete | ...
    activities: Mapped[list[str]] = mapped_column(JSON)
    identifiers: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | done | refused
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    closed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    note: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    evidence_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    evidence: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    dead_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class ApiKey(Base):
    """A key for scripts and websites, stored as a hash, scoped to activities."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(128))
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    digest: Mapped[bytes] = mapped_column(LargeBinary(32))
    activities: Mapped[list[str]] = mapped_column(JSON)
    can_read: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class ImportJob(Base):
    """Progress of a file import, so an interrupted import resumes where it stopped."""

    __tablename__ = "import_jobs"
    __table_args__ = (Index("ix_import_jobs_file", "file_sha256", "activity"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    file_sha256: Mapped[str] = mapped_column(String(64))
    activity: Mapped[str] = mapped_column(String(64))
    lines_done: Mapped[int] = mapped_column(Integer, default=0)
    records: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="running")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DiscoveryReport(Base):
    """A discovery scan's report (``waarborg discover``): column names, kinds and counts, never a sampled value.

    ``system`` is the register's key of the system scanned; None for a source the register does not name, which
    is then known by ``source`` (its description without secrets). ``report`` is the report's JSON (English
    messages, with both languages under each finding's ``messages``); ``errors`` and ``warnings`` count its
    findings, so a list of reports needs no JSON read to show them."""

    __tablename__ = "discovery_reports"
    __table_args__ = (Index("ix_discovery_reports_system", "system", "made_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    system: Mapped[str | None] = mapped_column(String(64), nullable=True)
    source: Mapped[str] = mapped_column(String(500))
    made_at: Mapped[datetime] = mapped_column(UTCDateTime())
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[str] = mapped_column(Text)
