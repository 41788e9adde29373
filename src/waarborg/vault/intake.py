"""Bulk intake: validated submissions become records, linked to the people they are about.

Rows that share an identifier (``register.identity.link_by``) share a subject; identifiers are found by their
blind index, values sealed under the subject's key. People on the do-not-contact list are refused when their
data comes from elsewhere (``suppression``); Art 14 notices are scheduled for such data. Free-text fields are
scanned for other people's data and special-category terms (``flagging``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Insert, Table, bindparam, insert, select
from sqlalchemy.orm import Session

from waarborg.access.events import DoNotContactLifted, RecordFlagged, RecordsFlagged, RecordsImported
from waarborg.access.policy import Principal
from waarborg.core.db import Base
from waarborg.core.errors import InputError
from waarborg.core.prepared import Prepared
from waarborg.core.timeutil import now
from waarborg.register.due import record_due
from waarborg.vault import keystore, notices, suppression
from waarborg.vault.crypto import seal
from waarborg.vault.flagging import free_text_flags
from waarborg.vault.models import Identifier, Record, Subject
from waarborg.vault.tables import new_id
from waarborg.vault.validate import Validated

if TYPE_CHECKING:
    from waarborg.vault.service import Unit, Vault

OWN_SOURCE = "data_subject"


def table(model: type[Base]) -> Table:
    result: Table = model.__table__  # type: ignore[assignment]
    return result


@dataclass(frozen=True)
class Added:
    subject_id: str
    record_id: str
    new_subject: bool
    flags: tuple[str, ...] = ()
    """'field:KIND' the PII guard found in free-text fields (see ``flagging``)."""


@dataclass(frozen=True)
class Submission:
    """One validated record waiting to be stored."""

    validated: Validated
    collected_at: datetime
    source: str = OWN_SOURCE


def store(
    vault: Vault,
    unit: Unit,
    activity: str,
    submissions: Sequence[Submission],
    *,
    by: Principal,
    audited: bool = True,
) -> list[Added]:
    """Store validated submissions for one activity in bulk; rows sharing an identifier share a subject."""
    by.require("add", activity)
    spec = vault.register.activities[activity]
    link_by = vault.register.identity.link_by
    blinds = [_blinds(vault, s.validated) for s in submissions]
    lifted = suppression.check_intake(unit.data, spec, [s.source for s in submissions], blinds)
    if lifted:
        vault.audit(unit, by.actor, DoNotContactLifted(activity, len(lifted)))
    known = _known_identifiers(unit.data, {b for row in blinds for b in row.values()})
    subjects: list[str] = []
    new_subjects: list[str] = []
    for row in blinds:
        subject = next((known[(k, row[k])] for k in link_by if k in row and (k, row[k]) in known), None)
        if subject is None:
            subject = new_id()
            new_subjects.append(subject)
        for kind in link_by:
            if kind in row:
                known.setdefault((kind, row[kind]), subject)
        subjects.append(subject)
    fresh = set(new_subjects)
    keys = keystore.add_subject_keys(unit.keys, vault.ring, new_subjects)
    keys |= keystore.subject_keys(unit.keys, vault.ring, sorted(set(subjects) - set(keys)))
    missing = set(subjects) - set(keys)
    if missing:
        raise InputError("a submission matches an erased subject whose key is destroyed; it cannot be linked")
    if new_subjects:
        stamp = now()
        _insert(
            unit.data,
            ADD_SUBJECT,
            ADD_SUBJECTS,
            [{"id": s, "created_at": stamp, "status": "active"} for s in new_subjects],
        )
    added, record_rows, identifier_rows = [], [], []
    stored = _stored_blinds(unit.data, set(subjects) - fresh)
    ciphers = {subject: AESGCM(key) for subject, key in keys.items()}
    purposes, recipients = [p.use for p in spec.purposes], [*spec.processors, *spec.recipients]
    for submission, subject, row in zip(submissions, subjects, blinds, strict=True):
        record_id = new_id()
        due_at, due_rule = record_due(spec, submission.collected_at, fields=submission.validated.values)
        values = json.dumps(submission.validated.values, separators=(",", ":"), ensure_ascii=False).encode()
        record_rows.append({
            "id": record_id, "subject_id": subject, "activity": activity, "collected_at": submission.collected_at,
            "source": submission.source, "basis": spec.basis.value, "purposes": purposes,
            "recipients": recipients, "fields": sorted(submission.validated.values),
            "status": "active", "due_at": due_at, "due_rule": due_rule,
            "values": seal(ciphers[subject], values, record_id.encode()),
        })  # fmt: skip
        for kind, blind in row.items():
            if (subject, kind, blind) not in stored:
                stored.add((subject, kind, blind))
                value = submission.validated.identifiers[kind].encode()
                identifier_rows.append(
                    {
                        "subject_id": subject,
                        "kind": kind,
                        "blind": blind,
                        "value": seal(ciphers[subject], value, f"{subject}:{kind}".encode()),
                    }
                )
        added.append(Added(subject, record_id, subject in fresh, free_text_flags(spec, submission.validated)))
    # Core executemany on the tables (the ORM's bulk path costs more per row than SQLite itself); one row prepared
    _insert(unit.data, ADD_RECORD, ADD_RECORDS, record_rows)
    if len(identifier_rows) == 1:
        only = identifier_rows[0]
        ADD_IDENTIFIER.run(unit.data, {"subject": only["subject_id"], "of_kind": only["kind"], "index": only["blind"],
                                       "sealed": only["value"]})  # fmt: skip
    elif identifier_rows:
        unit.data.connection().execute(ADD_IDENTIFIERS, identifier_rows)
    if spec.notice is not None:
        pairs = zip(added, submissions, strict=True)
        elsewhere = [(a.subject_id, s.collected_at) for a, s in pairs if s.source != OWN_SOURCE]
        notices.schedule(unit.data, activity, spec.notice.within, elsewhere)
    if audited:
        vault.audit(unit, by.actor, RecordsImported(activity, len(added), len(fresh)))
    _audit_flags(vault, unit, by, activity, [a for a in added if a.flags], batch=audited)
    return added


def _audit_flags(vault: Vault, unit: Unit, by: Principal, activity: str, flagged: list[Added], batch: bool) -> None:
    """One entry per record for a single submission; one per batch for an import (a chained, sealed entry per
    row would cost more than storing the row)."""
    if not flagged:
        return
    if batch:
        kinds = tuple(sorted({flag for a in flagged for flag in a.flags}))
        vault.audit(unit, by.actor, RecordsFlagged(activity, len(flagged), kinds, tuple(a.record_id for a in flagged)))
        return
    for a in flagged:
        vault.audit(unit, by.actor, RecordFlagged(a.subject_id, a.record_id, activity, a.flags))


def _blinds(vault: Vault, validated: Validated) -> dict[str, bytes]:
    return {kind: vault.ring.blind_index(kind, value) for kind, value in validated.identifiers.items()}


# Built once: a statement built per call costs more than SQLite takes to run it (one API submission runs all)
KNOWN = select(Identifier.kind, Identifier.blind, Identifier.subject_id).where(
    Identifier.blind.in_(bindparam("blinds", expanding=True))
)
KNOWN_ONE = Prepared(
    select(Identifier.kind, Identifier.blind, Identifier.subject_id).where(Identifier.blind == bindparam("blind"))
)
STORED = select(Identifier.subject_id, Identifier.kind, Identifier.blind).where(
    Identifier.subject_id.in_(bindparam("subjects", expanding=True))
)
ADD_SUBJECTS = insert(table(Subject))
ADD_RECORDS = insert(table(Record))
ADD_IDENTIFIERS = insert(table(Identifier))
# One submission (the API's case): each row through its prepared statement instead of an executemany
ADD_SUBJECT = Prepared(insert(table(Subject)))
ADD_RECORD = Prepared(insert(table(Record)))
ADD_IDENTIFIER = Prepared(
    insert(table(Identifier)).values(
        subject_id=bindparam("subject"), kind=bindparam("of_kind"), blind=bindparam("index"), value=bindparam("sealed")
    )
)


def _insert(session: Session, one: Prepared, many: Insert, rows: list[dict[str, Any]]) -> None:
    if len(rows) == 1:
        one.run(session, rows[0])
    elif rows:
        session.connection().execute(many, rows)


def _known_identifiers(session: Session, blinds: set[bytes]) -> dict[tuple[str, bytes], str]:
    if len(blinds) <= 2:  # one submission: a prepared look-up per identifier
        rows = [row for blind in blinds for row in KNOWN_ONE.rows(session, {"blind": blind})]
    else:
        rows = list(session.connection().execute(KNOWN, {"blinds": sorted(blinds)}))
    return {(kind, blind): subject for kind, blind, subject in rows}


def _stored_blinds(session: Session, subjects: set[str]) -> set[tuple[str, str, bytes]]:
    if not subjects:
        return set()
    return {(s, k, b) for s, k, b in session.connection().execute(STORED, {"subjects": sorted(subjects)})}
