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


KINDS: dict[str, type[AuditEvent]] = {
    cls.kind: cls
    for cls in (
        RecordAdded,
        RecordsImported,
        EventAdded,
        SubjectRead,
        SubjectFound,
        SubjectErased,
        RegisterChanged,
        SignedIn,
    )
}


def as_dict(event: AuditEvent) -> dict[str, Any]:
    return {"kind": event.kind, **asdict(event)}
