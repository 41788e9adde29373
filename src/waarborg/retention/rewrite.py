"""The sweep's slow path: steps that read a record's values (remove some fields, anonymise, minimise).

Values are decrypted with the subject's key, changed and sealed again; the vault's removal path then drops
the records that went and the identifiers that no remaining record holds. A minimise rule with
``do_not_contact`` puts the person's identifiers on the do-not-contact list (blind index only) before they go.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import insert

from waarborg.core.timeutil import AMSTERDAM
from waarborg.register.due import covered_fields
from waarborg.retention.plan import Step
from waarborg.vault import due_dates, store, suppression
from waarborg.vault.ciphers import SubjectCipher
from waarborg.vault.removal import identifiers_in
from waarborg.vault.service import Unit, Vault, table
from waarborg.vault.tables import DoNotContact, Statistic


class SubjectRewrite:
    """The slow steps of one subject, applied in the caller's transaction."""

    def __init__(self, vault: Vault, unit: Unit, subject_id: str, cipher: SubjectCipher | None) -> None:
        self.vault = vault
        self.unit = unit
        self.subject_id = subject_id
        self.cipher = cipher

    def apply(
        self, steps: Sequence[Step], events: Sequence[due_dates.EventRow], consents: Mapping[str, set[str]]
    ) -> list[str]:
        """Carry out the steps; returns the ids of records that are gone."""
        if self.cipher is None:  # the key is gone: nothing is readable, so nothing is worth keeping
            return [step.record.id for step in steps]
        ids = [step.record.id for step in steps]
        stored = store.sealed_values(self.unit, ids)
        gone: list[str] = []
        for step in steps:
            values = self.cipher.values(step.record.id, stored[step.record.id])
            if self._step(step, values, events, consents.get(step.record.activity, set())):
                gone.append(step.record.id)
        return gone

    def _step(
        self, step: Step, values: dict[str, Any], events: Sequence[due_dates.EventRow], granted: set[str]
    ) -> bool:
        record, rule = step.record, step.rule
        assert rule is not None
        spec = self.vault.register.activities[record.activity]
        covered = covered_fields(spec, rule)
        if step.action == "minimise":
            if rule.do_not_contact:
                self._do_not_contact(record.activity, values, f"{record.activity}: retention rule {record.due_rule}")
            kept = {k: v for k, v in values.items() if k in rule.keep_fields or k not in covered}
            self._store(record.id, kept, status="minimised", due=(None, record.due_rule))
            return False
        if step.action == "anonymise":
            facts = {k: values[k] for k in rule.keep_fields if k in values}
            year = record.collected_at.astimezone(AMSTERDAM).year
            self.unit.data.execute(
                insert(table(Statistic)), [{"activity": record.activity, "year": year, "facts": facts}]
            )
        remaining = {k: v for k, v in values.items() if k not in covered}
        if not remaining:
            return True
        register = self.vault.register
        due = due_dates.due_of(register, record.activity, record.id, record.collected_at, remaining, events, granted)
        self._store(record.id, remaining, status=record.status, due=due)
        return False

    def _store(self, record_id: str, values: dict[str, Any], *, status: str, due: due_dates.Due) -> None:
        assert self.cipher is not None
        store.rewrite(self.unit, self.cipher, record_id, values, status=status, due_at=due[0], due_rule=due[1])

    def _do_not_contact(self, activity: str, values: dict[str, Any], reason: str) -> None:
        wanted = identifiers_in(self.vault.register, self.vault.ring, activity, values)
        if not wanted:
            return
        listed = suppression.listed(self.unit.data, [blind for _kind, blind in wanted])
        rows = [{"kind": k, "blind": b, "reason": reason} for k, b in sorted(wanted - listed)]
        if rows:
            self.unit.data.execute(insert(table(DoNotContact)), rows)
