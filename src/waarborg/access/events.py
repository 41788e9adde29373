"""Typed audit events: one small dataclass per kind, holding ids and field names, never values.

Later features add their own kinds here; `audit.record(...)` stores any of them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar


@dataclass(frozen=True)
class AuditEvent:
    kind: ClassVar[str] = "event"

    @property
    def subject_id(self) -> str | None:
        value = getattr(self, "subject", None)
        return value if isinstance(value, str) else None

    def payload(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple | frozenset | set) else value


@dataclass(frozen=True)
class RecordAdded(AuditEvent):
    """Personal data entered the vault: which subject, record, activity and fields."""

    kind: ClassVar[str] = "record.added"
    subject: str
    record: str
    activity: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class EventAdded(AuditEvent):
    """A lifecycle event was recorded for a subject."""

    kind: ClassVar[str] = "event.added"
    subject: str
    event: str
    activity: str | None


@dataclass(frozen=True)
class SubjectRead(AuditEvent):
    """Someone looked at a subject's personal data: which activities' records and fields they saw."""

    kind: ClassVar[str] = "subject.read"
    subject: str
    activities: tuple[str, ...]
    fields: tuple[str, ...]


@dataclass(frozen=True)
class SubjectFound(AuditEvent):
    """Someone looked a subject up by an identifier (the identifier itself is not kept)."""

    kind: ClassVar[str] = "subject.found"
    subject: str
    by: str


@dataclass(frozen=True)
class SubjectErased(AuditEvent):
    """A subject was erased: its key destroyed, its identifiers and values gone."""

    kind: ClassVar[str] = "subject.erased"
    subject: str


@dataclass(frozen=True)
class RecordFlagged(AuditEvent):
    """A free-text field of a new record holds what the PII guard found: other people's data or special-category
    terms. Field names and kinds only ('notes:NAME'); the text stays sealed in the record."""

    kind: ClassVar[str] = "record.flagged"
    subject: str
    record: str
    activity: str
    flags: tuple[str, ...]


@dataclass(frozen=True)
class RecordsFlagged(AuditEvent):
    """Records of an import batch whose free text the PII guard flagged: one entry per batch, like
    ``records.imported``, with every 'field:KIND' found and the records' ids."""

    kind: ClassVar[str] = "records.flagged"
    activity: str
    count: int
    flags: tuple[str, ...]
    records: tuple[str, ...]


@dataclass(frozen=True)
class RecordsImported(AuditEvent):
    """A batch of records entered the vault through a file import (one entry per batch, not per record)."""

    kind: ClassVar[str] = "records.imported"
    activity: str
    count: int
    new_subjects: int


@dataclass(frozen=True)
class RegisterChanged(AuditEvent):
    """The register in force changed (a new version of the statement's promises)."""

    kind: ClassVar[str] = "register.changed"
    organisation: str
    version: str | None
    digest: str
    previous: str | None


@dataclass(frozen=True)
class SignedIn(AuditEvent):
    """A staff member signed in (or a sign-in failed: ``ok`` false)."""

    kind: ClassVar[str] = "staff.signed_in"
    username: str
    ok: bool


@dataclass(frozen=True)
class RetentionSwept(AuditEvent):
    """One batch of a retention sweep: counts per activity and action, never who."""

    kind: ClassVar[str] = "retention.swept"
    at: str
    counts: dict[str, dict[str, int]]
    subjects_removed: int


@dataclass(frozen=True)
class DueDatesRecomputed(AuditEvent):
    """Due dates followed a change of the register's retention rules; ``earlier`` records moved forward."""

    kind: ClassVar[str] = "retention.recomputed"
    activities: tuple[str, ...]
    earlier: int
    later: int
    confirmed: bool


@dataclass(frozen=True)
class ConsentRecorded(AuditEvent):
    """Consent was given or withdrawn for options of an activity (the receipt holds the details)."""

    kind: ClassVar[str] = "consent.recorded"
    subject: str
    activity: str
    options: tuple[str, ...]
    granted: bool
    via: str


@dataclass(frozen=True)
class AudienceExported(AuditEvent):
    """An audience (who may be contacted) was read: how many people, never who."""

    kind: ClassVar[str] = "audience.exported"
    activity: str
    option: str | None
    count: int


@dataclass(frozen=True)
class DoNotContactLifted(AuditEvent):
    """People on the do-not-contact list signed up again themselves, for an activity based on consent."""

    kind: ClassVar[str] = "do_not_contact.lifted"
    activity: str
    count: int


@dataclass(frozen=True)
class NoticeSent(AuditEvent):
    """An Art 14 notice (or a periodic question) went out to a person."""

    kind: ClassVar[str] = "notice.sent"
    subject: str
    activity: str
    notice: int
    notice_kind: str


@dataclass(frozen=True)
class NoticeAnswered(AuditEvent):
    """A person answered a notice's question (yes, no) or let the time pass (none)."""

    kind: ClassVar[str] = "notice.answered"
    subject: str
    activity: str
    notice: int
    answer: str


@dataclass(frozen=True)
class HoldPlaced(AuditEvent):
    """A statutory or legal hold keeps a subject's data restricted instead of deleted, until a date."""

    kind: ClassVar[str] = "hold.placed"
    subject: str
    hold: int
    hold_kind: str
    reference: str
    until: str


@dataclass(frozen=True)
class HoldReleased(AuditEvent):
    """A hold was released before its end; the held data follows its retention rules again."""

    kind: ClassVar[str] = "hold.released"
    subject: str
    hold: int


@dataclass(frozen=True)
class RequestStepped(AuditEvent):
    """A step of a data-subject request: received, verified, extended, fulfilled, refused, mail sent.
    ``note`` holds counts and reasons, never the person's data."""

    kind: ClassVar[str] = "request.step"
    request: str
    request_kind: str
    step: str
    subject: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class RecordRectified(AuditEvent):
    """Fields of a record were corrected on request (Art 16). The old values are not kept, only this fact."""

    kind: ClassVar[str] = "record.rectified"
    subject: str
    record: str
    activity: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class TasksCreated(AuditEvent):
    """Tasks were given to systems, processors or recipients for a request (or a retention step)."""

    kind: ClassVar[str] = "task.created"
    request: str | None
    action: str
    targets: tuple[str, ...]


@dataclass(frozen=True)
class TaskClosed(AuditEvent):
    """A task was done (with the SHA-256 of its attachment, if any) or refused."""

    kind: ClassVar[str] = "task.closed"
    task: int
    request: str | None
    target: str
    status: str
    evidence_sha256: str | None


@dataclass(frozen=True)
class TaskDeadLettered(AuditEvent):
    """A webhook task could not be delivered after every retry; the privacy officer is alerted."""

    kind: ClassVar[str] = "task.dead_lettered"
    task: int
    request: str | None
    target: str
    error: str


@dataclass(frozen=True)
class HeadSealed(AuditEvent):
    """The trail's head got its first seal (an upgrade from before heads were sealed): from here on, a head
    without a seal was tampered with."""

    kind: ClassVar[str] = "audit.sealed"


KINDS: dict[str, type[AuditEvent]] = {
    cls.kind: cls
    for cls in (
        RecordAdded,
        RecordFlagged,
        RecordsFlagged,
        RecordsImported,
        EventAdded,
        SubjectRead,
        SubjectFound,
        SubjectErased,
        RegisterChanged,
        SignedIn,
        RetentionSwept,
        DueDatesRecomputed,
        HoldPlaced,
        HoldReleased,
        ConsentRecorded,
        AudienceExported,
        DoNotContactLifted,
        NoticeSent,
        NoticeAnswered,
        RequestStepped,
        RecordRectified,
        TasksCreated,
        TaskClosed,
        TaskDeadLettered,
        HeadSealed,
    )
}


def as_dict(event: AuditEvent) -> dict[str, Any]:
    return {"kind": event.kind, **asdict(event)}
