"""What the privacy officer sees of a request: who asked (the address, what they said, how they were
identified), what is held about them per activity, and for an access request what the PII guard flagged in
free text before the package may go. Reads are audited: the requester's address as a ``request.read``, the
person's records through the vault's own audited read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, ClassVar

from waarborg.access.events import AuditEvent
from waarborg.access.policy import Principal
from waarborg.register.schema import Register
from waarborg.register.types import tr
from waarborg.rights import requests, review
from waarborg.rights.models import Request
from waarborg.vault import store
from waarborg.vault.service import Unit, Vault


@dataclass(frozen=True)
class RequestRead(AuditEvent):
    """Staff read the requesters' addresses of these requests (one entry per page, not per request)."""

    kind: ClassVar[str] = "request.read"
    requests: tuple[str, ...]


@dataclass(frozen=True)
class HeldActivity:
    activity: str
    label: str
    records: int
    restricted: int
    fields: list[str]  # the register's labels of the fields held


@dataclass(frozen=True)
class FlagGroup:
    """Flagged spans of one kind in one field of one activity: where and how many, never the text."""

    activity: str
    field: str
    kind: str  # a PII kind in lower case
    count: int


@dataclass
class CaseFile:
    contact: str | None  # None once the answer has gone
    details: dict[str, Any]
    subject_found: bool
    held: list[HeldActivity] = field(default_factory=list)
    flags: list[FlagGroup] = field(default_factory=list)


def requesters(vault: Vault, unit: Unit, request_ids: Collection[str], by: Principal) -> dict[str, str]:
    """The requesters' addresses of these requests (those not yet wiped), with one audit entry for all."""
    found: dict[str, str] = {}
    for request in unit.data.query(Request).filter(Request.id.in_(list(request_ids))):
        address = requests.contact_of(vault, request)
        if address is not None:
            found[request.id] = address
    if found:
        vault.audit(unit, by.actor, RequestRead(tuple(sorted(found))))
    return found


def case_file(vault: Vault, unit: Unit, request_id: str, lang: str, by: Principal) -> CaseFile:
    """The request's requester and details, and what is held about the person (an audited read)."""
    request = requests.require(unit, request_id)
    contact = requesters(vault, unit, [request_id], by).get(request_id)
    details = requests.details_of(vault, request)
    subject = request.subject_id
    if subject is None or not store.subject_exists(unit, subject):
        return CaseFile(contact, details, False)
    view = vault.get_subject(unit, subject, by=by)
    records = [r for r in view.records if r.status != "erased"]
    made = CaseFile(contact, details, True, _held(vault.register, records, lang))
    if request.kind == "access" and request.status in ("verified", "waiting"):
        # every record, as the package flags them (package.access)
        made.flags = flag_groups(review.flags(vault.register, view.records, view.identifiers))
    return made


def _held(register: Register, records: list[Any], lang: str) -> list[HeldActivity]:
    by_activity: dict[str, list[Any]] = {}
    for record in records:
        by_activity.setdefault(record.activity, []).append(record)
    held = []
    for key, found in sorted(by_activity.items()):
        spec = register.activities.get(key)
        names = sorted({name for r in found for name in (r.values or {})})
        labels = [tr(spec.fields[n].label, lang, n) if spec and n in spec.fields else n for n in names]
        restricted = sum(r.status == "restricted" for r in found)
        held.append(HeldActivity(key, tr(spec.label, lang, key) if spec else key, len(found), restricted, labels))
    return held


def flag_groups(flags: list[review.Flag]) -> list[FlagGroup]:
    counted = Counter((f.activity, f.field, f.kind) for f in flags)
    return [FlagGroup(a, f, k, n) for (a, f, k), n in sorted(counted.items())]


def field_label(register: Register, activity: str, name: str, lang: str) -> str:
    spec = register.activities.get(activity)
    return tr(spec.fields[name].label, lang, name) if spec and name in spec.fields else name


def any_field_label(register: Register, name: str, lang: str) -> str:
    """A field's label from the first activity that has a field of that name (breaches name fields alone)."""
    for key, spec in register.activities.items():
        if name in spec.fields:
            return field_label(register, key, name, lang)
    return name


def activity_label(register: Register, activity: str, lang: str) -> str:
    spec = register.activities.get(activity)
    return tr(spec.label, lang, activity) if spec else activity
