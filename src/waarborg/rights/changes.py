"""Rectification (Art 16), restriction (18), objection (21) and withdrawal of consent (7(3)) on request.

Rectification replaces the value (validated as at intake) and keeps only the fact that it changed, in the
audit trail. Restriction sets records to ``restricted``: audiences take active records only and staff
roles without ``restricted`` no longer see them. An objection to direct marketing is absolute: the person
is marked ``objected`` (every audience leaves them out) and every marketing consent is withdrawn; an
objection to an activity on a legitimate interest or public task erases that activity's data.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from waarborg.access.events import RecordRectified
from waarborg.access.policy import Principal
from waarborg.consent import receipts
from waarborg.core.errors import InputError, RefusedError
from waarborg.register.types import Basis
from waarborg.vault import store
from waarborg.vault.ciphers import SubjectCipher
from waarborg.vault.service import Unit, Vault
from waarborg.vault.validate import identifier_fields

OBJECTABLE = (Basis.legitimate_interests.value, Basis.public_task.value)


def _records(
    unit: Unit, subject_id: str, activities: Collection[str] | None, statuses: tuple[str, ...]
) -> list[store.StoredRecord]:
    return [r for r in store.records_of(unit, subject_id, statuses) if activities is None or r.activity in activities]


def rectify(
    vault: Vault, unit: Unit, subject_id: str, changes: dict[str, Any], activity: str | None, *, by: Principal
) -> dict[str, list[str]]:
    """Correct fields in every record that holds them (of ``activity`` when given); per activity, the fields."""
    if not changes:
        raise InputError("changes: name the fields to correct and their right values")
    cipher = vault.ciphers(unit, [subject_id]).get(subject_id)
    if cipher is None:
        raise RefusedError(f"subject {subject_id}: the data can no longer be read (erased)")
    records = [
        r
        for r in _records(unit, subject_id, [activity] if activity else None, ("active", "restricted"))
        if set(changes) & set(vault.register.activities[r.activity].fields)
    ]
    declared = {name for r in records for name in vault.register.activities[r.activity].fields}
    unknown = sorted(set(changes) - declared)
    if unknown:
        raise InputError(
            f"changes: {', '.join(unknown)} not held for this person" + (f" in '{activity}'" if activity else "")
        )
    changed: dict[str, list[str]] = {}
    new_identifiers: dict[str, str] = {}
    for record in records:
        by.require("rectify", record.activity)
        spec = vault.register.activities[record.activity]
        values = cipher.values(record.id, record.sealed)
        mine = {k: v for k, v in changes.items() if k in spec.fields}
        validated = vault.validate(record.activity, {**values, **mine})
        store.rewrite(unit, cipher, record.id, validated.values, status=record.status, due_at=record.due_at,
                      due_rule=record.due_rule)  # fmt: skip
        new_identifiers |= validated.identifiers
        fields = tuple(sorted(mine))
        changed[record.activity] = sorted(set(changed.get(record.activity, [])) | set(fields))
        vault.audit(unit, by.actor, RecordRectified(subject_id, record.id, record.activity, fields))
    if _identifiers_touched(vault, records, changes):
        _relink(vault, unit, cipher, new_identifiers)
        vault.remove(unit, [subject_id], [])  # identifiers no record holds any more go
    vault.refresh_due(unit, subject_id)
    return changed


def _identifiers_touched(vault: Vault, records: list[store.StoredRecord], changes: dict[str, Any]) -> bool:
    """Whether a change is to a field that holds an identifier (an e-mail address, a phone number): only then
    can the person's identifiers change."""
    return any(
        name in changes
        for record in records
        for name, _kind in identifier_fields(vault.register.activities[record.activity].fields)
    )


def _relink(vault: Vault, unit: Unit, cipher: SubjectCipher, identifiers: dict[str, str]) -> None:
    """Identifiers the corrected records now hold, added; one that belongs to someone else is refused."""
    for kind, value in identifiers.items():
        blind = vault.ring.blind_index(kind, value)
        owners = store.holders(unit, kind, blind)
        if owners - {cipher.subject_id}:
            raise RefusedError(f"changes: the new {kind} is held for another person; check with them both first")
        if cipher.subject_id not in owners:
            store.add_identifier(unit, cipher, kind, value, blind)


def restrict(unit: Unit, subject_id: str, activities: Collection[str] | None, *, by: Principal) -> list[str]:
    """Store only: the person's active records (of ``activities``) become restricted; their activities."""
    records = _records(unit, subject_id, activities, ("active",))
    for record in records:
        by.require("restrict", record.activity)
        store.restrict(unit, record.id)
    return sorted({r.activity for r in records})


def withdraw(
    vault: Vault,
    unit: Unit,
    subject_id: str,
    activities: Collection[str] | None,
    channel: str,
    lang: str,
    at: datetime,
    *,
    by: Principal,
) -> list[str]:
    """Withdraw every option still granted (of ``activities``); the activities it concerned."""
    state = receipts.current(unit, subject_id)
    done = []
    for activity, options in sorted(state.items()):
        granted = [option for option, yes in options.items() if yes]
        spec = vault.register.activities.get(activity)
        if (
            not granted
            or spec is None
            or spec.consent is None
            or (activities is not None and activity not in activities)
        ):
            continue
        receipts.record(vault, unit, subject_id, activity, granted, granted=False, via=channel, at=at, lang=lang, by=by)
        done.append(activity)
    return done


def object_to(
    vault: Vault,
    unit: Unit,
    subject_id: str,
    activities: Collection[str] | None,
    direct_marketing: bool,
    channel: str,
    lang: str,
    at: datetime,
    *,
    by: Principal,
) -> dict[str, list[str]]:
    """Act on an objection; per outcome ('marketing_stopped', 'erase', 'not_applicable'), the activities."""
    register = vault.register
    held = {r.activity for r in _records(unit, subject_id, None, ("active", "restricted"))}
    result: dict[str, list[str]] = {"marketing_stopped": [], "erase": [], "not_applicable": []}
    if direct_marketing:
        marketing = [
            a
            for a in sorted(held)
            if register.activities[a].marketing is not None or register.activities[a].consent is not None
        ]
        vault.add_event(unit, subject_id, "objected", at=at, by=by)
        withdraw(vault, unit, subject_id, marketing, channel, lang, at, by=by)
        result["marketing_stopped"] = marketing
    for activity in sorted(set(activities or []) & held):
        basis = register.activities[activity].basis.value
        result["erase" if basis in OBJECTABLE else "not_applicable"].append(activity)
    return result
