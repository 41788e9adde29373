"""The one way personal data leaves the vault, whoever asks: an erasure request, a retention rule, an operator.

:func:`remove` deletes records, removes every subject it was given that is left without records (their
identifiers, events and other rows go with them by cascade) and destroys those subjects' keys; a subject
that keeps records keeps only the identifiers that one of its remaining records still holds. It works in the
caller's unit and never commits.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import bindparam, delete, select

from waarborg.core.db import chunks
from waarborg.register.schema import Register
from waarborg.vault import keystore
from waarborg.vault.crypto import Keyring, unseal
from waarborg.vault.intake import table
from waarborg.vault.models import Identifier, Record, Subject
from waarborg.vault.validate import identifier_fields, linkable

if TYPE_CHECKING:  # the service imports this module
    from waarborg.vault.service import Unit, Vault

DELETE_RECORD = delete(table(Record)).where(table(Record).c.id == bindparam("rid"))
DELETE_SUBJECT = delete(table(Subject)).where(table(Subject).c.id == bindparam("sid"))


@dataclass
class Removed:
    records: int = 0
    subjects: list[str] = field(default_factory=list)  # removed entirely, keys destroyed
    identifiers: int = 0  # dropped from subjects that stay


def remove(vault: Vault, unit: Unit, subjects: Collection[str], record_ids: Collection[str]) -> Removed:
    """Delete ``record_ids``; of ``subjects`` (every subject whose data changed), remove those left without
    records and shred their keys, and prune the identifiers of the rest. See the module docstring."""
    removed = Removed(records=len(record_ids))
    connection = unit.data.connection()
    if record_ids:
        connection.execute(DELETE_RECORD, [{"rid": record_id} for record_id in sorted(record_ids)])
    touched = sorted(set(subjects))
    empty = sorted(set(touched) - _with_records(unit, touched))
    if empty:
        connection.execute(DELETE_SUBJECT, [{"sid": subject} for subject in empty])
        keystore.shred_many(unit.keys, empty)
        unit.shredded = True
    removed.subjects = empty
    staying = [subject for subject in touched if subject not in set(empty)]
    if staying:
        removed.identifiers = _prune_identifiers(vault, unit, staying)
    return removed


def _with_records(unit: Unit, subjects: Sequence[str]) -> set[str]:
    left: set[str] = set()
    for chunk in chunks(subjects):
        query = select(Record.subject_id).where(Record.subject_id.in_(chunk)).distinct()
        left.update(unit.data.connection().execute(query).scalars())
    return left


def _prune_identifiers(vault: Vault, unit: Unit, subjects: Sequence[str]) -> int:
    """Drop identifiers that none of the subject's remaining records holds (a subject whose key is gone has
    nothing readable left to hold them: its identifiers all go)."""
    keys = keystore.subject_keys(unit.keys, vault.ring, list(subjects))
    stale: list[int] = []
    for chunk in chunks(subjects):
        held: dict[str, set[tuple[str, bytes]]] = {subject: set() for subject in chunk}
        rows = unit.data.execute(
            select(Record.subject_id, Record.id, Record.activity, Record.values).where(
                Record.subject_id.in_(chunk), Record.status != "erased"
            )
        )
        for subject, record_id, activity, sealed in rows:
            key = keys.get(subject)
            if key is not None:
                values = json.loads(unseal(AESGCM(key), sealed, record_id))
                held[subject] |= identifiers_in(vault.register, vault.ring, activity, values)
        stored = unit.data.execute(
            select(Identifier.id, Identifier.subject_id, Identifier.kind, Identifier.blind).where(
                Identifier.subject_id.in_(chunk)
            )
        )
        stale += [row_id for row_id, subject, kind, blind in stored if (kind, blind) not in held[subject]]
    for ids in chunks(stale):
        unit.data.execute(delete(Identifier).where(Identifier.id.in_(ids)))
    return len(stale)


def identifiers_in(register: Register, ring: Keyring, activity: str, values: dict[str, Any]) -> set[tuple[str, bytes]]:
    """(kind, blind index) of the identifiers a record of ``activity`` with ``values`` holds."""
    spec = register.activities.get(activity)
    if spec is None:
        return set()
    return {
        (kind, ring.blind_index(kind, linkable(kind, str(values[name]))))
        for name, kind in identifier_fields(spec.fields)
        if values.get(name) not in (None, "")
    }
