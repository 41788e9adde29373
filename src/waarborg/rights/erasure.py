"""Erasure on request (Art 17): everything goes unless a law or a claim says it must stay (17(3)).

A record under a hold in force (a statutory period or a legal claim, ``waarborg hold add``) is kept whole,
restricted, until the hold ends. Fields the register marks as part of the fiscal administration, or that a
retention rule citing a law covers, are kept (the rest of the record goes), restricted, until that rule's
due date (AWR art 52(4): seven years for the fiscal administration when no rule says otherwise). Everything
else is deleted; a person left without records goes entirely and their key is destroyed. With ``no_contact``
the person's identifiers go on the do-not-contact list (blind index only) first.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select

from waarborg.access.policy import Principal
from waarborg.core.periods import Period
from waarborg.core.timeutil import AMSTERDAM
from waarborg.register.due import add_period, covered_fields, rule_due
from waarborg.register.schema import Activity
from waarborg.register.types import tr
from waarborg.rights.answers import Kept
from waarborg.vault import due_dates, store, suppression
from waarborg.vault.ciphers import SubjectCipher
from waarborg.vault.service import Unit, Vault, table
from waarborg.vault.tables import DoNotContact, Hold

FISCAL_LAW = "AWR art 52(4)"
FISCAL_PERIOD = Period(years=7)
WHY = {
    "nl": ("fiscale bewaarplicht", "wettelijke bewaarplicht"),
    "en": ("fiscal retention obligation", "retention required by law"),
}


@dataclass
class Erased:
    erased: int = 0
    kept: list[Kept] = field(default_factory=list)
    subject_removed: bool = False
    do_not_contact: bool = False
    activities: list[str] = field(default_factory=list)

    def outcome(self) -> dict[str, Any]:
        return {
            "erased": self.erased,
            "kept": [k.as_dict() for k in self.kept],
            "subject_removed": self.subject_removed,
            "do_not_contact": self.do_not_contact,
            "activities": self.activities,
        }


def _statutory(
    spec: Activity,
    names: Collection[str],
    collected_at: datetime,
    events: dict[str, datetime],
    granted: set[str],
    lang: str,
) -> dict[str, tuple[str, datetime]]:
    """Per field that a law keeps: the law and until when. A rule citing a law decides for the fields it
    covers (and keeps nothing while its trigger, e.g. the last invoice, has not happened); other fields marked
    fiscal are kept for the AWR's seven years from collection."""
    kept: dict[str, tuple[str, datetime]] = {}
    decided: set[str] = set()
    for rule in spec.retention:
        if rule.law:
            covered = covered_fields(spec, rule) & set(names)
            decided |= covered
            until = rule_due(rule, collected_at, events, granted)
            if until is not None:
                for name in covered:
                    kept[name] = (tr(rule.law, lang), until)
    for name in set(names) - decided:
        field = spec.fields.get(name)
        if field is not None and field.fiscal:
            kept[name] = (FISCAL_LAW, add_period(collected_at, FISCAL_PERIOD))
    return kept


@dataclass(frozen=True)
class Decision:
    """What an erasure does with one record: keep it whole under a hold, keep the fields a law keeps (the rest
    goes), or remove it."""

    record: store.StoredRecord
    hold: Hold | None = None
    statutory: dict[str, tuple[str, datetime]] = field(default_factory=dict)  # field -> (law, until)

    def kept(self, lang: str) -> list[Kept]:
        if self.hold is not None:
            hold = self.hold
            return [
                Kept(self.record.activity, sorted(self.record.fields), hold.reference, hold.reason, _day(hold.until))
            ]
        return _kept_by_law(self.record.activity, self.statutory, lang)


def in_scope(unit: Unit, subject_id: str, activities: Collection[str] | None) -> list[store.StoredRecord]:
    """The person's records an erasure of ``activities`` (or of everything) concerns."""
    return [
        r
        for r in store.records_of(unit, subject_id)
        if r.status != "erased" and (activities is None or r.activity in activities)
    ]


def plan(
    vault: Vault, unit: Unit, subject_id: str, rows: list[store.StoredRecord], at: datetime, lang: str
) -> list[Decision]:
    """Per record, what the erasure does (see the module): the rules alone, nothing changed. ``erase`` carries
    this out; ``preview`` shows it to the privacy officer before."""
    holds = list(
        unit.data.execute(
            select(Hold).where(Hold.subject_id == subject_id, Hold.released_at.is_(None), Hold.until > at)
        ).scalars()
    )
    events = due_dates.events_of(unit.data, [subject_id]).get(subject_id, [])
    consents = due_dates.consents_of(unit.data, [subject_id])
    decisions = []
    for record in rows:
        hold = max(
            (h for h in holds if h.activities is None or record.activity in h.activities),
            key=lambda h: h.until,
            default=None,
        )
        if hold is not None:
            decisions.append(Decision(record, hold=hold))
            continue
        spec = vault.register.activities.get(record.activity)
        seen = due_dates.events_for(record.activity, record.id, record.collected_at, events)
        granted = consents.get((subject_id, record.activity), set())
        statutory = _statutory(spec, record.fields, record.collected_at, seen, granted, lang) if spec else {}
        decisions.append(Decision(record, statutory=statutory))
    return decisions


def erase(
    vault: Vault,
    unit: Unit,
    subject_id: str,
    at: datetime,
    *,
    activities: Collection[str] | None = None,
    no_contact: bool = False,
    lang: str = "nl",
    by: Principal,
) -> Erased:
    """Erase the person's data (of ``activities``, or all of it) except what must stay; see the module."""
    result = Erased()
    rows = in_scope(unit, subject_id, activities)
    for activity in sorted({r.activity for r in rows}):
        by.require("erase", activity)
    result.activities = sorted({r.activity for r in rows})
    if no_contact:
        result.do_not_contact = _list_do_not_contact(unit, subject_id)
    cipher = vault.ciphers(unit, [subject_id]).get(subject_id)
    gone: list[str] = []
    for decision in plan(vault, unit, subject_id, rows, at, lang):
        record = decision.record
        if decision.hold is not None:
            store.restrict(unit, record.id, max(decision.hold.until, record.due_at or decision.hold.until))
        elif not decision.statutory or cipher is None:
            gone.append(record.id)
            continue
        else:
            _keep_only(unit, record, cipher, decision.statutory)
        result.kept += decision.kept(lang)
    result.erased = len(gone)
    result.subject_removed = bool(vault.remove(unit, [subject_id], gone).subjects)
    return result


def _kept_by_law(activity: str, statutory: dict[str, tuple[str, datetime]], lang: str) -> list[Kept]:
    kept = []
    for reference in sorted({ref for ref, _until in statutory.values()}):
        names = sorted(name for name, (ref, _until) in statutory.items() if ref == reference)
        until = max(u for ref, u in statutory.values() if ref == reference)
        fiscal = reference == FISCAL_LAW
        why = WHY[lang if lang in WHY else "nl"][0 if fiscal else 1]
        kept.append(Kept(activity, names, reference, why, _day(until)))
    return kept


def _day(moment: datetime) -> str:
    return moment.astimezone(AMSTERDAM).date().isoformat()


def _keep_only(
    unit: Unit, record: store.StoredRecord, cipher: SubjectCipher, statutory: dict[str, tuple[str, datetime]]
) -> None:
    values = cipher.values(record.id, record.sealed)
    kept = {k: v for k, v in values.items() if k in statutory}
    until = max(until for _ref, until in statutory.values())
    store.rewrite(unit, cipher, record.id, kept, status="restricted", due_at=until, due_rule=record.due_rule)


def _list_do_not_contact(unit: Unit, subject_id: str) -> bool:
    """The person's identifiers on the do-not-contact list (blind indexes; no values, no subject)."""
    rows = store.identifier_blinds(unit, subject_id)
    listed = suppression.listed(unit.data, [blind for _kind, blind in rows])
    new = [
        {"kind": k, "blind": b, "reason": "asked not to be contacted again (erasure request)"}
        for k, b in sorted(set(rows) - listed)
    ]
    if new:
        unit.data.execute(insert(table(DoNotContact)), new)
    return bool(rows)
