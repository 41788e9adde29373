"""Due dates from retention rules: pure calendar logic on the register, no database.

A rule runs from its trigger: ``collected`` (the record's collection time) or the latest of the named
events that have happened. It is due ``keep`` later, counted on the Amsterdam calendar (1 month after
31 January is 28/29 February). A rule whose trigger has not happened yet, or that keeps data
``as_long_as_necessary`` or ``indefinite``, sets no date. A rule with ``if_consent`` only applies while
that consent option is granted. A rule covers its ``fields``, or, without them, every field no other rule
names; it applies to a record only while the record still holds one of those fields. A record is due at
the earliest date of its applicable rules.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from waarborg.core.periods import Period
from waarborg.core.timeutil import AMSTERDAM
from waarborg.register.schema import Activity, Register, RetentionRule


def add_period(moment: datetime, period: Period) -> datetime:
    """``moment`` plus ``period`` on the Amsterdam calendar, clamping to the month's last day."""
    local = moment.astimezone(AMSTERDAM)
    months = local.month - 1 + period.total_months
    year, month = local.year + months // 12, months % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    shifted = local.replace(year=year, month=month, day=day, tzinfo=None)
    shifted += timedelta(weeks=period.weeks, days=period.days)
    return shifted.replace(tzinfo=AMSTERDAM).astimezone(moment.tzinfo)


def trigger_time(rule: RetentionRule, collected_at: datetime, events: Mapping[str, datetime]) -> datetime | None:
    """When the rule starts to run: the latest of its trigger events that happened, else None."""
    times = [collected_at if name == "collected" else events.get(name) for name in rule.after]
    happened = [t for t in times if t is not None]
    return max(happened) if happened else None


def covered_fields(activity: Activity, rule: RetentionRule) -> frozenset[str]:
    """The fields a rule acts on: its own list, else every field of the activity that no rule names."""
    if rule.fields:
        return frozenset(rule.fields)
    return frozenset(activity.fields) - activity.named_in_rules


def rule_at(register: Register, activity: str, index: int | None) -> RetentionRule | None:
    """The rule a record's ``due_rule`` names, or None when the activity or rule is not (or no longer) there."""
    spec = register.activities.get(activity)
    if spec is None or index is None or not 0 <= index < len(spec.retention):
        return None
    return spec.retention[index]


def describe_rule(rule: RetentionRule) -> str:
    """A rule in one line for staff: 'P5Y after last_invoice, then delete (only with consent keep)'."""
    text = f"{rule.keep} after {' or '.join(rule.after)}, then {rule.then.value}"
    if rule.fields:
        text += f" ({', '.join(rule.fields)})"
    if rule.if_consent:
        text += f" (with consent {rule.if_consent})"
    return text


def rule_due(
    rule: RetentionRule, collected_at: datetime, events: Mapping[str, datetime], consents: set[str]
) -> datetime | None:
    if rule.if_consent and rule.if_consent not in consents:
        return None
    if not isinstance(rule.keep, Period):
        return None
    start = trigger_time(rule, collected_at, events)
    return add_period(start, rule.keep) if start else None


def record_due(
    activity: Activity,
    collected_at: datetime,
    events: Mapping[str, datetime] | None = None,
    consents: set[str] | None = None,
    fields: Iterable[str] | None = None,
) -> tuple[datetime | None, int | None]:
    """The earliest due date of the activity's rules for one record, and the index of the rule that sets it.

    ``fields`` are those the record still holds (all of the activity's when None): a rule whose fields are
    gone no longer applies. A consent-conditioned rule that applies replaces the unconditional rules for
    the same fields: consent to keep data longer (igen's five years) is the point of asking it.
    """
    events = events or {}
    consents = consents or set()
    held = frozenset(activity.fields) if fields is None else frozenset(fields)
    granted = {covered_fields(activity, r) for r in activity.retention if r.if_consent and r.if_consent in consents}
    best: tuple[datetime | None, int | None] = (None, None)
    for index, rule in enumerate(activity.retention):
        covered = covered_fields(activity, rule)
        if not covered & held:
            continue
        if not rule.if_consent and covered in granted and rule.then.value == "delete":
            continue
        due = rule_due(rule, collected_at, events, consents)
        if due is not None and (best[0] is None or due < best[0]):
            best = (due, index)
    return best
