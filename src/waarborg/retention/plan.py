"""What the sweep does to one due record, decided from the record's columns alone (no decryption).

delete         the rule covers every field the record still holds: the row goes
delete_fields  the rule covers some of them: those fields go, the record stays with a new due date
anonymise      the covered fields go; the rule's keep_fields stay as a statistic without a person
minimise       only the rule's keep_fields (and fields it does not cover) stay, without an end date
restrict       a hold covers the record: it is kept, used for nothing, until the hold ends
forget_date    the record's rule no longer exists (the register changed): its due date is cleared
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from waarborg.register.due import covered_fields, rule_at
from waarborg.register.schema import Register, RetentionRule
from waarborg.vault.due_dates import HoldRow, hold_until
from waarborg.vault.due_store import DueRecord

WHOLE = frozenset({"delete"})
"""Actions that need no decryption."""


@dataclass(frozen=True)
class Step:
    record: DueRecord
    action: str
    rule: RetentionRule | None = None
    hold_until: datetime | None = None

    @property
    def whole(self) -> bool:
        return self.action in WHOLE

    def removes_record(self, register: Register) -> bool:
        """Whether the record is gone afterwards (an anonymised record goes when its rule covers it all)."""
        if self.action == "delete":
            return True
        if self.action != "anonymise" or self.rule is None:
            return False
        return set(self.record.fields) <= covered_fields(register.activities[self.record.activity], self.rule)


def decide(register: Register, record: DueRecord, holds: Sequence[HoldRow]) -> Step:
    rule = rule_at(register, record.activity, record.due_rule)
    if rule is None:
        return Step(record, "forget_date")
    held = hold_until(holds, record.activity)
    if held is not None:
        return Step(record, "restrict", hold_until=held)
    spec = register.activities[record.activity]
    if rule.then.value == "minimise":
        return Step(record, "minimise", rule)
    covers_all = set(record.fields) <= covered_fields(spec, rule)
    if rule.then.value == "anonymise":
        return Step(record, "anonymise", rule)
    return Step(record, "delete" if covers_all else "delete_fields", rule)
