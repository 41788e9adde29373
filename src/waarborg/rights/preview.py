"""What an erasure request will remove and what it will keep, and why, before the privacy officer carries it
out. The same rules as the erasure itself (``erasure.plan``); nothing is changed and no value is decrypted:
field names and record counts only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from waarborg.core.timeutil import now
from waarborg.register.schema import Register
from waarborg.register.types import tr
from waarborg.rights import erasure, requests
from waarborg.rights.answers import Kept
from waarborg.vault import store
from waarborg.vault.service import Unit, Vault


@dataclass(frozen=True)
class KeptPart:
    """Fields an erasure keeps, in the reader's words: which, why (the law or the hold) and until when."""

    fields: list[str]  # the register's labels
    reference: str
    reason: str
    until: str | None  # ISO date


@dataclass(frozen=True)
class ActivityPreview:
    activity: str
    label: str
    records: int  # records of the activity the erasure concerns
    removed: int  # of which removed whole
    kept: list[KeptPart] = field(default_factory=list)


@dataclass(frozen=True)
class ErasurePreview:
    activities: list[ActivityPreview]
    person_removed: bool  # nothing of the person remains: identifiers and key go too
    do_not_contact: bool  # the person asked never to be contacted again
    other_records: int  # the person's records outside the request's scope, left alone

    @property
    def removed(self) -> int:
        return sum(a.removed for a in self.activities)

    @property
    def held_nothing(self) -> bool:
        return not self.activities


def erasure_preview(vault: Vault, unit: Unit, request_id: str, lang: str, at: datetime | None = None) -> ErasurePreview:
    """What carrying out this erasure request would do now (or at ``at``)."""
    request = requests.require(unit, request_id)
    details = requests.details_of(vault, request)
    no_contact = bool(details.get("no_contact"))
    subject = request.subject_id
    if subject is None or not store.subject_exists(unit, subject):
        return ErasurePreview([], False, no_contact, 0)
    scope = details.get("activities")
    rows = erasure.in_scope(unit, subject, scope)
    decisions = erasure.plan(vault, unit, subject, rows, at or now(), lang)
    has_key = subject in vault.ciphers(unit, [subject])
    others = len(erasure.in_scope(unit, subject, None)) - len(rows)
    by_activity: dict[str, list[erasure.Decision]] = {}
    for decision in decisions:
        by_activity.setdefault(decision.record.activity, []).append(decision)
    shown = [_activity(vault.register, key, found, has_key, lang) for key, found in sorted(by_activity.items())]
    gone_whole = all(d.hold is None and (not d.statutory or not has_key) for d in decisions)
    return ErasurePreview(shown, gone_whole and others == 0, no_contact, others)


def _activity(
    register: Register, key: str, decisions: list[erasure.Decision], has_key: bool, lang: str
) -> ActivityPreview:
    removed = [d for d in decisions if d.hold is None and (not d.statutory or not has_key)]
    kept = [k for d in decisions if d not in removed for k in d.kept(lang)]
    spec = register.activities.get(key)
    label = tr(spec.label, lang, key) if spec else key
    return ActivityPreview(key, label, len(decisions), len(removed), _merged(register, key, kept, lang))


def _merged(register: Register, key: str, kept: list[Kept], lang: str) -> list[KeptPart]:
    """One line per reason: the same law or hold over several records is told once, with every field."""
    spec = register.activities.get(key)
    parts: dict[tuple[str, str, str | None], set[str]] = {}
    for item in kept:
        parts.setdefault((item.reference, item.reason, item.until), set()).update(item.fields)
    return [
        KeptPart(
            sorted(tr(spec.fields[f].label, lang, f) if spec and f in spec.fields else f for f in names),
            reference,
            reason,
            until,
        )
        for (reference, reason, until), names in sorted(parts.items(), key=lambda p: (p[0][0], p[0][2] or ""))
    ]
