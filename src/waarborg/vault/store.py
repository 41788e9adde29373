"""Questions about what the vault holds, for the layers above it, which never query its tables themselves.

Each function works in the caller's unit and never commits. None opens a value itself: values in clear go
through the subject's cipher (:meth:`Vault.ciphers`), which the caller holds.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, insert, select, update

from waarborg.core.prepared import Prepared
from waarborg.vault.ciphers import SubjectCipher
from waarborg.vault.models import Identifier, Record, Subject

if TYPE_CHECKING:
    from waarborg.vault.service import Unit

RECORD_COLUMNS = (Record.id, Record.subject_id, Record.activity, Record.collected_at, Record.fields, Record.status,
                  Record.due_at, Record.due_rule, Record.values)  # fmt: skip


REWRITE = Prepared(
    update(Record)
    .where(Record.id == bindparam("record"))
    .values(values=bindparam("sealed"), fields=bindparam("fields"), status=bindparam("status"),
            due_at=bindparam("due"), due_rule=bindparam("rule"))
)  # fmt: skip


def subject_exists(unit: Unit, subject_id: str | None) -> bool:
    return subject_id is not None and unit.data.get(Subject, subject_id) is not None


def activities_of(unit: Unit, subject_id: str, statuses: Collection[str] | None = None) -> set[str]:
    """The activities of which the subject has records (in one of ``statuses``, when given)."""
    query = select(Record.activity).where(Record.subject_id == subject_id).distinct()
    if statuses is not None:
        query = query.where(Record.status.in_(statuses))
    return set(unit.data.execute(query).scalars())


def subject_by_blind(unit: Unit, kind: str, blind: bytes) -> str | None:
    """The subject holding an identifier, found by its blind index (not audited: the caller's step is)."""
    query = select(Identifier.subject_id).where(Identifier.blind == blind, Identifier.kind == kind).limit(1)
    found: str | None = unit.data.execute(query).scalar()
    return found


# --- records, read and rewritten under the subject's cipher ------------------------------------------------


@dataclass(frozen=True)
class StoredRecord:
    """A record as stored: what is in clear, and its values still sealed."""

    id: str
    subject_id: str
    activity: str
    collected_at: datetime
    fields: list[str]
    status: str
    due_at: datetime | None
    due_rule: int | None
    sealed: bytes


def records_of(unit: Unit, subject_id: str, statuses: Collection[str] | None = None) -> list[StoredRecord]:
    """The subject's records (in one of ``statuses``, when given), oldest first."""
    query = select(*RECORD_COLUMNS).where(Record.subject_id == subject_id).order_by(Record.collected_at, Record.id)
    if statuses is not None:
        query = query.where(Record.status.in_(statuses))
    return [StoredRecord(*row) for row in unit.data.execute(query)]


def sealed_values(unit: Unit, record_ids: Collection[str]) -> dict[str, bytes]:
    query = select(Record.id, Record.values).where(Record.id.in_(list(record_ids)))
    return {record_id: sealed for record_id, sealed in unit.data.execute(query)}  # noqa: C416 (rows, not pairs)


def restrict(unit: Unit, record_id: str, until: datetime | None = None) -> None:
    """Store only (Art 18), until ``until`` when given (a hold or a law keeps the record whole till then)."""
    changes: dict[str, Any] = {"status": "restricted"} | ({"due_at": until} if until is not None else {})
    unit.data.execute(update(Record).where(Record.id == record_id).values(**changes))


def rewrite(
    unit: Unit,
    cipher: SubjectCipher,
    record_id: str,
    values: dict[str, Any],
    *,
    status: str,
    due_at: datetime | None,
    due_rule: int | None,
) -> None:
    """New values (sealed under the subject's key), with the status and due date they now have."""
    REWRITE.run(unit.data, {"record": record_id, "sealed": cipher.seal_values(record_id, values),
                            "fields": sorted(values), "status": status, "due": due_at, "rule": due_rule})  # fmt: skip


# --- identifiers ---------------------------------------------------------------------------------------------


def identifier_blinds(unit: Unit, subject_id: str) -> list[tuple[str, bytes]]:
    """(kind, blind index) of the subject's identifiers."""
    query = select(Identifier.kind, Identifier.blind).where(Identifier.subject_id == subject_id)
    return [(kind, blind) for kind, blind in unit.data.execute(query)]


def holders(unit: Unit, kind: str, blind: bytes) -> set[str]:
    """Every subject holding this identifier."""
    query = select(Identifier.subject_id).where(Identifier.blind == blind, Identifier.kind == kind)
    return set(unit.data.execute(query).scalars())


def add_identifier(unit: Unit, cipher: SubjectCipher, kind: str, value: str, blind: bytes) -> None:
    sealed = cipher.seal_identifier(kind, value)
    unit.data.execute(insert(Identifier).values(subject_id=cipher.subject_id, kind=kind, blind=blind, value=sealed))


def recent_subjects(unit: Unit, limit: int) -> list[str]:
    """The subjects of the newest records (the demo picks people to try the portal with from them)."""
    query = select(Record.subject_id).order_by(Record.collected_at.desc()).limit(limit)
    return list(unit.data.execute(query).scalars())
