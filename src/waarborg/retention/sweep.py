"""The sweep: carry out every retention rule that is due at a moment.

    report = sweep(vault, at, by=operator("sweep"))

Work goes in batches of subjects, each batch one transaction that handles all of its subjects' due records:
a subject is never left half-done, and a sweep killed at any point and run again reaches the same end.
On PostgreSQL each batch locks its subjects with ``FOR UPDATE SKIP LOCKED``, so sweeps running side by
side never take the same subject; on SQLite a batch holds the database's write lock, so a second sweep
waits for it and then finds that work done.

Records that only need deleting are deleted by id without being read (the fast path); steps that change
a record's values decrypt, rewrite and seal it (``rewrite``). A subject left without records goes with its
identifiers and events, and its key is destroyed. Each batch appends one audit entry with counts per
activity and action.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from waarborg.access.events import RetentionSwept
from waarborg.access.policy import Principal
from waarborg.retention import rules_state
from waarborg.retention.plan import Step, decide
from waarborg.retention.rewrite import SubjectRewrite
from waarborg.vault import due_dates, due_store, tasks
from waarborg.vault.service import Unit, Vault

BATCH = 20000
"""Subjects per transaction: large enough to amortise a commit (each one rewrites the index pages it touched),
small enough to keep the write lock short (a few seconds on SQLite at a million records)."""

TASK_TIME = timedelta(days=30)
"""How long a system's owner has to carry out a retention step there."""


@dataclass
class PlannedStep:
    """A line of a dry run: ids and rules only, never values."""

    record_id: str
    subject_id: str
    activity: str
    rule: int | None
    action: str
    due_at: datetime


@dataclass
class SweepReport:
    at: datetime
    dry_run: bool = False
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    subjects_removed: int = 0
    batches: int = 0
    planned: list[PlannedStep] = field(default_factory=list)
    processed: list[str] = field(default_factory=list)  # record ids, in order: no record is done twice
    anchor: dict[str, Any] | None = None  # the audit trail's signed head once the sweep is done: keep it elsewhere

    def count(self, steps: Iterable[Step]) -> dict[str, dict[str, int]]:
        batch: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for step in steps:
            batch[step.record.activity][step.action] += 1
        for activity, actions in batch.items():
            mine = self.counts.setdefault(activity, {})
            for action, n in actions.items():
                mine[action] = mine.get(action, 0) + n
        return {activity: dict(actions) for activity, actions in batch.items()}

    @property
    def records(self) -> int:
        return sum(n for actions in self.counts.values() for n in actions.values())

    def as_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "at": self.at.isoformat(),
            "dry_run": self.dry_run,
            "records": self.records,
            "subjects_removed": self.subjects_removed,
            "counts": {a: dict(sorted(c.items())) for a, c in sorted(self.counts.items())},
        }
        if self.anchor is not None:
            result["audit_anchor"] = self.anchor
        if self.dry_run:
            result["planned"] = [
                {**vars(step), "due_at": step.due_at.isoformat(), "rule": None if step.rule is None else step.rule + 1}
                for step in self.planned
            ]
        return result


def due_total(unit: Unit, at: datetime) -> int:
    """How many records are due at ``at``: the length of the progress bar."""
    return due_store.due_total(unit, at)


def sweep(
    vault: Vault,
    at: datetime,
    *,
    by: Principal,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> SweepReport:
    """Process everything due at ``at``, batch by batch, each batch committed on its own."""
    rules_state.ensure_current(vault, by=by)
    report = SweepReport(at)
    while True:
        with vault.unit() as unit:
            subjects, records = run_batch(vault, unit, at, batch, report, by)
            if not subjects:
                report.anchor = vault.audit_anchor(unit).as_dict()
        if not subjects:
            return report
        if progress is not None:
            progress(records)


def run_batch(
    vault: Vault, unit: Unit, at: datetime, batch: int, report: SweepReport, by: Principal
) -> tuple[int, int]:
    """One transaction: lock up to ``batch`` subjects with due records and carry out all their steps.
    Returns the number of subjects and of records handled."""
    subjects, rows = due_store.take(unit, at, batch)
    if not subjects:
        return 0, 0
    holds = due_dates.holds_of(unit.data, subjects, at)
    steps = [decide(vault.register, row, holds.get(row.subject_id, [])) for row in rows]
    for activity in {step.record.activity for step in steps}:
        by.require("erase", activity)
    _tasks(vault, unit, steps, at, by)  # before the keys go: the tasks need the people's addresses
    gone = [step.record.id for step in steps if step.whole]
    due_store.restrict_until(
        unit, [{"rid": s.record.id, "until": s.hold_until} for s in steps if s.action == "restrict"]
    )
    due_store.forget_dates(unit, [s.record.id for s in steps if s.action == "forget_date"])
    rewrites = _rewrite(
        vault, unit, [s for s in steps if s.rule is not None and not s.whole and s.action != "restrict"]
    )
    gone += [record_id for rewrite in rewrites for record_id in rewrite[1]]
    changed = {step.record.subject_id for step in steps if step.action not in ("restrict", "forget_date")}
    removed = vault.remove(unit, changed, gone)
    counts = report.count(steps)
    report.subjects_removed += len(removed.subjects)
    report.batches += 1
    report.processed.extend(step.record.id for step in steps)
    vault.audit(unit, by.actor, RetentionSwept(at.isoformat(), counts, len(removed.subjects)))
    return len(subjects), len(steps)


def _tasks(vault: Vault, unit: Unit, steps: list[Step], at: datetime, by: Principal) -> None:
    """One task per system that holds an activity's data, per person and action (forget_date changes nothing)."""
    register = vault.register
    wanted: dict[tuple[str, str], set[str]] = defaultdict(set)
    for step in steps:
        spec = register.activities.get(step.record.activity)
        if spec is not None and spec.systems and step.action != "forget_date":
            wanted[(step.record.subject_id, step.action)].add(step.record.activity)
    if not wanted:
        return
    who = vault.identifiers_of(unit, {subject for subject, _action in wanted})
    for (subject, action), activities in sorted(wanted.items()):
        found = [t for t in tasks.targets(register, activities, action) if t.kind == "system"]
        tasks.create(vault, unit, found, action=action, due_at=at + TASK_TIME, identifiers=who.get(subject, {}), by=by)


def _rewrite(vault: Vault, unit: Unit, steps: list[Step]) -> list[tuple[SubjectRewrite, list[str]]]:
    """The slow steps, subject by subject; returns each subject's rewrite and the records that went."""
    if not steps:
        return []
    by_subject: dict[str, list[Step]] = defaultdict(list)
    for step in steps:
        by_subject[step.record.subject_id].append(step)
    ciphers = vault.ciphers(unit, by_subject)
    events = due_dates.events_of(unit.data, list(by_subject))
    granted: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for (subject, activity), options in due_dates.consents_of(unit.data, list(by_subject)).items():
        granted[subject][activity] = options
    done = []
    for subject, mine in by_subject.items():
        rewrite = SubjectRewrite(vault, unit, subject, ciphers.get(subject))
        done.append((rewrite, rewrite.apply(mine, events.get(subject, []), granted[subject])))
    return done


def plan(vault: Vault, at: datetime, *, page: int = 5000) -> SweepReport:
    """A dry run: what a sweep at ``at`` would do, record by record, changing nothing (it reads in a unit of
    its own, which commits nothing)."""
    report = SweepReport(at, dry_run=True)
    removes: dict[str, int] = defaultdict(int)
    with vault.unit() as unit:
        for rows in due_store.due_pages(unit, at, page):
            holds = due_dates.holds_of(unit.data, {row.subject_id for row in rows}, at)
            steps = [decide(vault.register, row, holds.get(row.subject_id, [])) for row in rows]
            report.count(steps)
            for step in steps:
                record = step.record
                report.planned.append(
                    PlannedStep(
                        record.id, record.subject_id, record.activity, record.due_rule, step.action, record.due_at
                    )
                )
                removes[record.subject_id] += step.removes_record(vault.register)
        held = due_store.record_counts(unit, removes)
        report.subjects_removed = sum(1 for subject, n in removes.items() if held.get(subject) == n)
    return report
