"""Which retention rules the stored due dates follow, and what a change of the register does to them.

Every record carries its due date. When the register changes an activity's fields or retention rules, the
dates of that activity's records are recomputed before a sweep acts on them. Dates that move later, or
not at all, are updated without asking. When any record would be deleted earlier than before, nothing
changes until someone has seen which records move and confirmed (``waarborg retention recompute --yes``):
a shorter period in a new statement must not silently delete data the moment it is deployed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from waarborg.access.events import DueDatesRecomputed
from waarborg.access.policy import Principal
from waarborg.core.errors import RefusedError
from waarborg.core.timeutil import now
from waarborg.register.schema import Register
from waarborg.vault import due_dates, due_store
from waarborg.vault.due_dates import Due
from waarborg.vault.service import Unit, Vault
from waarborg.vault.tables import Setting

STATE = "retention.rules"
PAGE = 5000


def digests(register: Register) -> dict[str, str]:
    """Per activity, a digest of what its due dates depend on: its fields and its retention rules."""
    result = {}
    for name, activity in register.activities.items():
        basis = {"fields": sorted(activity.fields), "rules": [r.model_dump(mode="json") for r in activity.retention]}
        result[name] = hashlib.sha256(json.dumps(basis, sort_keys=True).encode()).hexdigest()
    return result


@dataclass
class Moves:
    earlier: int = 0
    later: int = 0
    same: int = 0
    due_now: int = 0  # of those moving earlier: already due at the time of the check
    first_earlier: datetime | None = None


@dataclass
class Recompute:
    """The effect of the register's rules on the stored due dates, not yet applied."""

    digests: dict[str, str]
    changed: list[str]
    moves: dict[str, Moves] = field(default_factory=dict)
    new: dict[str, Due] = field(default_factory=dict)  # record id -> new (due, rule), only where it differs

    @property
    def earlier(self) -> int:
        return sum(m.earlier for m in self.moves.values())

    @property
    def later(self) -> int:
        return sum(m.later for m in self.moves.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "activities_changed": self.changed,
            "earlier": self.earlier,
            "later": self.later,
            "moves": {
                a: {**vars(m), "first_earlier": m.first_earlier.isoformat() if m.first_earlier else None}
                for a, m in sorted(self.moves.items())
            },
        }


def stored(unit: Unit) -> dict[str, str] | None:
    row = unit.data.get(Setting, STATE)
    return {str(k): str(v) for k, v in row.value.items()} if row else None


def compute(vault: Vault, unit: Unit, at: datetime) -> Recompute:
    """Recompute the due dates of every activity whose rules differ from the stored ones."""
    current, old = digests(vault.register), stored(unit) or {}
    changed = sorted(a for a in {*current, *old} if current.get(a) != old.get(a))
    result = Recompute(current, changed)
    if not changed:
        return result
    for rows in due_store.dated_pages(unit, changed, PAGE):
        subjects = {row.subject_id for row in rows}
        events = due_dates.events_of(unit.data, subjects)
        holds = due_dates.holds_of(unit.data, subjects, at)
        consents = due_dates.consents_of(unit.data, subjects)
        for row in rows:
            granted = consents.get((row.subject_id, row.activity), set())
            mine = events.get(row.subject_id, [])
            due, rule = due_dates.due_of(
                vault.register, row.activity, row.id, row.collected_at, row.fields, mine, granted
            )
            due = due_dates.kept_for_hold(due, row.status, holds.get(row.subject_id, []), row.activity)
            _count(result.moves.setdefault(row.activity, Moves()), row.due_at, due, at)
            if (due, rule) != (row.due_at, row.due_rule):
                result.new[row.id] = (due, rule)
    return result


def _count(moves: Moves, old: datetime | None, new: datetime | None, at: datetime) -> None:
    if new == old:
        moves.same += 1
    elif new is not None and (old is None or new < old):
        moves.earlier += 1
        moves.due_now += new <= at
        moves.first_earlier = new if moves.first_earlier is None else min(moves.first_earlier, new)
    else:
        moves.later += 1


def apply(vault: Vault, unit: Unit, result: Recompute, *, by: Principal, confirmed: bool) -> None:
    """Store the new due dates and the rules they follow; audited with the counts."""
    due_store.set_due(unit, [{"rid": rid, "due": due, "rule": rule} for rid, (due, rule) in result.new.items()])
    state = unit.data.get(Setting, STATE)
    if state is None:
        unit.data.add(Setting(name=STATE, value=result.digests))
    else:
        state.value, state.updated_at = dict[str, object](result.digests), now()
    if result.changed:
        vault.audit(unit, by.actor, DueDatesRecomputed(tuple(result.changed), result.earlier, result.later, confirmed))


def ensure_current(vault: Vault, *, by: Principal) -> None:
    """Bring the due dates in line with the register, unless that would delete anything earlier.

    Commits on its own, before a sweep starts its batches: the sweep must see the dates it will act on."""
    with vault.unit() as unit:
        result = compute(vault, unit, now())
        if not result.changed:
            return
        if result.earlier:
            raise RefusedError(
                f"the register's retention rules changed ({', '.join(result.changed)}): {result.earlier} record(s) "
                "would be deleted earlier than before; review them with `waarborg retention recompute` and "
                "confirm with `waarborg retention recompute --yes` before sweeping"
            )
        apply(vault, unit, result, by=by, confirmed=False)
