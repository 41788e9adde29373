"""The retention forecast: how many records each rule will act on, month by month — the privacy officer's
"is retention working" view. Overdue records (due before now and still there) mean the sweep is not
running; records without a date are listed per activity, because "kept without end" needs a reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from waarborg.core.timeutil import AMSTERDAM
from waarborg.register.due import describe_rule, rule_at
from waarborg.register.schema import Register
from waarborg.vault import due_store
from waarborg.vault.service import Unit

Key = tuple[str, str, int | None]  # month (YYYY-MM, Amsterdam), activity, rule index


@dataclass
class Forecast:
    start: datetime
    until: datetime
    months: Counter[Key] = field(default_factory=Counter)
    overdue: Counter[str] = field(default_factory=Counter)
    restricted: Counter[str] = field(default_factory=Counter)
    undated: Counter[str] = field(default_factory=Counter)

    def rows(self, register: Register) -> list[dict[str, Any]]:
        result = []
        for (month, activity, rule), count in sorted(self.months.items(), key=_order):
            result.append({
                "month": month, "activity": activity, "rule": None if rule is None else rule + 1,
                "action": _action(register, activity, rule), "describe": _describe(register, activity, rule),
                "records": count,
            })  # fmt: skip
        return result

    def as_dict(self, register: Register) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "until": self.until.isoformat(),
            "months": self.rows(register),
            "overdue": dict(sorted(self.overdue.items())),
            "restricted": dict(sorted(self.restricted.items())),
            "undated": dict(sorted(self.undated.items())),
        }


def _order(item: tuple[Key, int]) -> tuple[str, str, int]:
    (month, activity, rule), _count = item
    return month, activity, -1 if rule is None else rule


def _action(register: Register, activity: str, rule: int | None) -> str | None:
    found = rule_at(register, activity, rule)
    return found.then.value if found else None


def _describe(register: Register, activity: str, rule: int | None) -> str | None:
    found = rule_at(register, activity, rule)
    return describe_rule(found) if found else None


def forecast(unit: Unit, start: datetime, until: datetime) -> Forecast:
    """Count due records per month from ``start`` to ``until`` (both Amsterdam months included)."""
    result = Forecast(start, until)
    for activity, rule, due_at in due_store.active_due_until(unit, until):
        if due_at < start:
            result.overdue[activity] += 1
        else:
            result.months[(due_at.astimezone(AMSTERDAM).strftime("%Y-%m"), activity, rule)] += 1
    result.undated.update(due_store.undated_per_activity(unit))
    result.restricted.update(due_store.restricted_per_activity(unit))
    return result
