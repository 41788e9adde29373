"""Due dates of stored records: the register's rules (``register.due``) applied to what the vault knows of
a subject — its events and holds. Used at intake, when an event arrives, when a hold changes, when the
register changes, and by the sweep after it removed part of a record.

An event counts for a record when it happened at or after the record's collection (an application closed
last year does not start the clock of this year's application) and concerns it: an event for a record
counts for that record, one for an activity for its records, one without either for all of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import BindParameter, bindparam, or_, select, update
from sqlalchemy.orm import Session

from waarborg.core.db import chunks
from waarborg.core.prepared import Prepared
from waarborg.register.due import record_due
from waarborg.register.schema import Register
from waarborg.vault.models import Event, Record
from waarborg.vault.tables import ConsentReceipt, Hold

DATED = ("active", "restricted")
"""Statuses whose records have a due date. A minimised record keeps what the rule left without end."""

Due = tuple[datetime | None, int | None]


@dataclass(frozen=True)
class EventRow:
    name: str
    at: datetime
    activity: str | None
    record_id: str | None


@dataclass(frozen=True)
class HoldRow:
    activities: list[str] | None
    until: datetime

    def covers(self, activity: str) -> bool:
        return self.activities is None or activity in self.activities


def events_of(session: Session, subject_ids: Collection[str]) -> dict[str, list[EventRow]]:
    found: dict[str, list[EventRow]] = defaultdict(list)
    for chunk in chunks(sorted(subject_ids)):
        query = select(Event.subject_id, Event.name, Event.at, Event.activity, Event.record_id).where(
            Event.subject_id.in_(chunk)
        )
        for subject, name, at, activity, record_id in session.connection().execute(query):
            found[subject].append(EventRow(name, at, activity, record_id))
    return found


def holds_of(session: Session, subject_ids: Collection[str], at: datetime) -> dict[str, list[HoldRow]]:
    """Holds in force at ``at``: not released and not yet ended."""
    found: dict[str, list[HoldRow]] = defaultdict(list)
    for chunk in chunks(sorted(subject_ids)):
        query = select(Hold.subject_id, Hold.activities, Hold.until).where(
            Hold.subject_id.in_(chunk), Hold.released_at.is_(None), Hold.until > at
        )
        for subject, activities, until in session.connection().execute(query):
            found[subject].append(HoldRow(activities, until))
    return found


def consents_of(session: Session, subject_ids: Collection[str]) -> dict[tuple[str, str], set[str]]:
    """Per (subject, activity), the consent options granted now: the latest receipt of each option."""
    latest: dict[tuple[str, str, str], bool] = {}
    for chunk in chunks(sorted(subject_ids)):
        query = (
            select(ConsentReceipt.subject_id, ConsentReceipt.activity, ConsentReceipt.option, ConsentReceipt.granted)
            .where(ConsentReceipt.subject_id.in_(chunk))
            .order_by(ConsentReceipt.at, ConsentReceipt.id)
        )
        for subject, activity, option, granted in session.connection().execute(query):
            latest[(subject, activity, option)] = granted
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (subject, activity, option), granted in latest.items():
        if granted:
            found[(subject, activity)].add(option)
    return found


def hold_until(holds: Iterable[HoldRow], activity: str) -> datetime | None:
    """When the last hold on this activity's data ends, or None when none covers it."""
    ends = [hold.until for hold in holds if hold.covers(activity)]
    return max(ends) if ends else None


def kept_for_hold(due: datetime | None, status: str, holds: Iterable[HoldRow], activity: str) -> datetime | None:
    """A restricted record under a hold stays due no earlier than the hold's end."""
    held = hold_until(holds, activity) if status == "restricted" else None
    return held if held is not None and due is not None and held > due else due


def due_of(
    register: Register,
    activity: str,
    record_id: str,
    collected_at: datetime,
    fields: Iterable[str],
    events: Sequence[EventRow],
    consents: set[str] | None = None,
) -> Due:
    """The due date of one record and the index of the rule that sets it."""
    spec = register.activities.get(activity)
    if spec is None:  # the activity left the register: nothing says when, the forecast shows these
        return None, None
    return record_due(spec, collected_at, events_for(activity, record_id, collected_at, events), consents, fields)


def events_for(
    activity: str, record_id: str, collected_at: datetime, events: Sequence[EventRow]
) -> dict[str, datetime]:
    """The latest time of each event that counts for one record (see the module)."""
    seen: dict[str, datetime] = {}
    for event in events:
        if event.at < collected_at:
            continue
        applies = event.record_id == record_id if event.record_id else event.activity in (None, activity)
        if applies and (event.name not in seen or event.at > seen[event.name]):
            seen[event.name] = event.at
    return seen


SUBJECT: BindParameter[str] = bindparam("subject")
# One subject's refresh runs on every event, correction and intake: prepared statements by subject, not the
# IN lists of the batch readers above, and only the records whose date moved are written.
EVENTS_OF_ONE = Prepared(
    select(Event.name, Event.at, Event.activity, Event.record_id).where(Event.subject_id == SUBJECT)
)
HOLDS_OF_ONE = Prepared(
    select(Hold.activities, Hold.until).where(
        Hold.subject_id == SUBJECT, Hold.released_at.is_(None), Hold.until > bindparam("at")
    )
)
CONSENTS_OF_ONE = Prepared(
    select(ConsentReceipt.activity, ConsentReceipt.option, ConsentReceipt.granted)
    .where(ConsentReceipt.subject_id == SUBJECT)
    .order_by(ConsentReceipt.at, ConsentReceipt.id)
)
DATED_OF_ONE = Prepared(
    select(Record.id, Record.activity, Record.collected_at, Record.fields, Record.status, Record.due_at,
           Record.due_rule)
    .where(Record.subject_id == SUBJECT, or_(*(Record.status == status for status in DATED)))
)  # fmt: skip
SET_DUE = Prepared(
    update(Record).where(Record.id == bindparam("record")).values(due_at=bindparam("due"), due_rule=bindparam("rule"))
)


def refresh(session: Session, register: Register, subject_id: str, now: datetime) -> None:
    """Recompute the due dates of one subject's dated records. A restricted record under a hold stays
    due no earlier than the hold's end."""
    if session.new or session.dirty:  # records changed through the ORM count as they now are
        session.flush()
    given = {"subject": subject_id}
    events = [EventRow(*row) for row in EVENTS_OF_ONE.rows(session, given)]
    holds = [HoldRow(*row) for row in HOLDS_OF_ONE.rows(session, {**given, "at": now})]
    latest = {(activity, option): granted for activity, option, granted in CONSENTS_OF_ONE.rows(session, given)}
    moved: list[str] = []
    for record_id, activity, collected_at, fields, status, was_due, was_rule in DATED_OF_ONE.rows(session, given):
        granted = {option for (of, option), yes in latest.items() if of == activity and yes}
        due, rule = due_of(register, activity, record_id, collected_at, fields, events, granted)
        due = kept_for_hold(due, status, holds, activity)
        if (due, rule) != (was_due, was_rule):
            SET_DUE.run(session, {"record": record_id, "due": due, "rule": rule})
            moved.append(record_id)
    for record in [o for o in session.identity_map.values() if isinstance(o, Record) and o.id in moved]:
        session.expire(record, ["due_at", "due_rule"])  # an object loaded earlier in this unit reads the new date
