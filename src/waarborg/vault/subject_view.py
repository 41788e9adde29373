"""One subject as stored, decrypted, and as a principal may see it: the hot path of access requests, staff
look-ups and the API's reads. Prepared Core statements on the connection, not ORM objects."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import BindParameter, bindparam, select
from sqlalchemy.orm import Session

from waarborg.access.policy import Principal
from waarborg.core.errors import NotFoundError
from waarborg.core.prepared import Prepared
from waarborg.register.schema import Register
from waarborg.vault import keystore
from waarborg.vault.crypto import Keyring, unseal
from waarborg.vault.models import Event, Identifier, Record, Subject
from waarborg.vault.validate import identifier_fields
from waarborg.vault.views import EventView, RecordView, SubjectView

SUBJECT: BindParameter[str] = bindparam("subject")
SUBJECT_BY_ID = Prepared(select(Subject.id, Subject.status, Subject.created_at).where(Subject.id == SUBJECT))
IDENTIFIERS_OF = Prepared(
    select(Identifier.kind, Identifier.value).where(Identifier.subject_id == SUBJECT).order_by(Identifier.id)
)
RECORDS_OF = Prepared(select(
    Record.id, Record.activity, Record.collected_at, Record.source, Record.basis, Record.purposes,
    Record.recipients, Record.status, Record.due_at, Record.due_rule, Record.values,
).where(Record.subject_id == SUBJECT).order_by(Record.collected_at))  # fmt: skip
EVENTS_OF = Prepared(
    select(Event.id, Event.name, Event.at, Event.activity, Event.record_id)
    .where(Event.subject_id == SUBJECT)
    .order_by(Event.at)
)
HELD_BY = Prepared(select(Record.activity, Record.status).where(Record.subject_id == SUBJECT).distinct())


def subject_view(data: Session, keys: Session, ring: Keyring, subject_id: str) -> SubjectView:
    """Everything held about one subject, decrypted."""
    params = {"subject": subject_id}
    subject = SUBJECT_BY_ID.first(data, params)
    if subject is None:
        raise NotFoundError(f"subject {subject_id} not found")
    key = keystore.subject_key(keys, ring, subject_id)
    cipher = AESGCM(key) if key else None
    return SubjectView(
        id=subject[0],
        status=subject[1],
        created_at=subject[2],
        identifiers=[
            (kind, unseal(cipher, value, f"{subject_id}:{kind}").decode() if cipher else None)
            for kind, value in IDENTIFIERS_OF.rows(data, params)
        ],
        records=[_record_view(row, cipher) for row in RECORDS_OF.rows(data, params)],
        events=[EventView(*row) for row in EVENTS_OF.rows(data, params)],
    )


def held_by(data: Session, subject_id: str) -> list[tuple[str, str]]:
    """The activities the subject has records in, with their status: in clear, nothing to decrypt."""
    return [(activity, status) for activity, status in HELD_BY.rows(data, {"subject": subject_id})]


def as_seen_by(register: Register, principal: Principal, full: SubjectView) -> SubjectView:
    """The view cut to what the principal may see: its activities' records, its fields, its identifiers."""
    records = [
        replace(record, values=principal.shown(record.values))
        for record in full.records
        if principal.sees(record.activity, record.status, record.values)
    ]
    activities = {r.activity for r in records}
    return replace(
        full,
        identifiers=_identifiers_seen(register, principal, records, full.identifiers),
        records=records,
        events=[e for e in full.events if e.activity is None or e.activity in activities],
    )


def _identifiers_seen(
    register: Register, principal: Principal, records: list[RecordView], identifiers: list[tuple[str, str | None]]
) -> list[tuple[str, str | None]]:
    """The identifiers of a kind that one of the visible records' activities collects in a field the principal
    may see: a newsletter key never sees the phone number that only the courses asked for."""
    if principal.activities is None and principal.fields is None:
        return identifiers
    kinds = {
        kind
        for record in records
        for name, kind in identifier_fields(register.activities[record.activity].fields)
        if principal.fields is None or name in principal.fields
    }
    return [(kind, value) for kind, value in identifiers if kind in kinds]


def _record_view(row: tuple[Any, ...], cipher: AESGCM | None) -> RecordView:
    """A row of RECORDS_OF: id, activity, collected_at, source, basis, purposes, recipients, status, due_at,
    due_rule, values (sealed)."""
    values: dict[str, Any] | None = None
    if cipher is not None and row[7] != "erased":
        values = json.loads(unseal(cipher, row[10], row[0]))
    record_id, activity, collected_at, source, basis, purposes, recipients, status, due_at, due_rule = row[:10]
    return RecordView(record_id, activity, collected_at, source, basis, purposes, recipients, status, due_at,
                      due_rule, values)  # fmt: skip
