"""The records that retention works on: what is due at a moment, taken a batch of subjects at a time.

The retention layer decides what happens to each record (``retention.plan``); these are the vault's queries
and updates for it. On PostgreSQL a batch locks its subjects with ``FOR UPDATE SKIP LOCKED``, so sweeps side
by side never take the same subject; on SQLite the batch's transaction holds the write lock already
(``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import bindparam, func, select, tuple_, update

from waarborg.core.db import chunks
from waarborg.vault.due_dates import DATED
from waarborg.vault.intake import table
from waarborg.vault.models import Record, Subject

if TYPE_CHECKING:
    from waarborg.vault.service import Unit


@dataclass(frozen=True)
class DueRecord:
    id: str
    subject_id: str
    activity: str
    due_rule: int | None
    fields: list[str]
    status: str
    collected_at: datetime
    due_at: datetime


DUE = (Record.due_at <= bindparam("at"), Record.status.in_(DATED))
DUE_COLUMNS = (
    Record.id, Record.subject_id, Record.activity, Record.due_rule, Record.fields, Record.status,
    Record.collected_at, Record.due_at,
)  # fmt: skip
DUE_OF_FIRST_SUBJECTS = select(*DUE_COLUMNS).where(
    Record.subject_id.in_(select(Record.subject_id).where(*DUE).limit(bindparam("n")).scalar_subquery()), *DUE
)
CANDIDATES_LOCKING = (
    select(Subject.id)
    .where(Subject.id.in_(select(Record.subject_id).where(*DUE)))
    .limit(bindparam("n"))
    .with_for_update(skip_locked=True)
)
RESTRICT_RECORD = (
    update(table(Record))
    .where(table(Record).c.id == bindparam("rid"))
    .values(status="restricted", due_at=bindparam("until"))
)
FORGET_DATE = update(table(Record)).where(table(Record).c.id == bindparam("rid")).values(due_at=None, due_rule=None)


def due_total(unit: Unit, at: datetime) -> int:
    """How many records are due at ``at``: the length of the progress bar."""
    return int(unit.data.execute(select(func.count()).select_from(Record).where(*DUE), {"at": at}).scalar_one())


def take(unit: Unit, at: datetime, batch: int) -> tuple[list[str], list[DueRecord]]:
    """Up to ``batch`` subjects with due records (locked on PostgreSQL), and all their due records."""
    connection, params = unit.data.connection(), {"at": at, "n": batch}
    if connection.dialect.name == "postgresql":
        subjects = list(connection.execute(CANDIDATES_LOCKING, params).scalars())
        rows: list[Any] = []
        for chunk in chunks(subjects):
            query = select(*DUE_COLUMNS).where(Record.subject_id.in_(chunk), *DUE)
            rows.extend(connection.execute(query, params))
    else:  # SQLite: the batch's transaction holds the database's write lock already (BEGIN IMMEDIATE)
        rows = list(connection.execute(DUE_OF_FIRST_SUBJECTS, params))
        subjects = list(dict.fromkeys(row.subject_id for row in rows))
    return subjects, [DueRecord(*cast(tuple[Any, ...], row)) for row in rows]


def due_pages(unit: Unit, at: datetime, page: int) -> Iterator[list[DueRecord]]:
    """Every record due at ``at``, by due date, ``page`` at a time (a dry run reads them all)."""
    last: tuple[datetime, str] | None = None
    while True:
        query = select(*DUE_COLUMNS).where(*DUE).order_by(Record.due_at, Record.id).limit(page)
        if last is not None:
            query = query.where(tuple_(Record.due_at, Record.id) > tuple_(*last))
        rows = [DueRecord(**row._asdict()) for row in unit.data.execute(query, {"at": at})]
        if not rows:
            return
        yield rows
        last = (rows[-1].due_at, rows[-1].id)


def restrict_until(unit: Unit, records: list[dict[str, Any]]) -> None:
    """``{"rid": id, "until": moment}`` each: store only until then (a hold)."""
    if records:
        unit.data.connection().execute(RESTRICT_RECORD, records)


def forget_dates(unit: Unit, record_ids: Collection[str]) -> None:
    """No due date any more (a rule that waits for an event that has not happened)."""
    if record_ids:
        unit.data.connection().execute(FORGET_DATE, [{"rid": record_id} for record_id in record_ids])


def record_counts(unit: Unit, subjects: Collection[str]) -> dict[str, int]:
    """How many records each subject holds."""
    counts: dict[str, int] = {}
    for chunk in chunks(sorted(subjects)):
        query = select(Record.subject_id, func.count()).where(Record.subject_id.in_(chunk)).group_by(Record.subject_id)
        counts.update({subject: int(n) for subject, n in unit.data.execute(query)})
    return counts


# --- due dates after a register change, and the forecast ---------------------------------------------------

SET_DUE = (
    update(table(Record))
    .where(table(Record).c.id == bindparam("rid"))
    .values(due_at=bindparam("due"), due_rule=bindparam("rule"))
)
DATED_COLUMNS = (Record.id, Record.subject_id, Record.activity, Record.collected_at, Record.fields, Record.status,
                 Record.due_at, Record.due_rule)  # fmt: skip


PAGE_BY_ID = select(*DATED_COLUMNS).where(Record.id > bindparam("after")).order_by(Record.id).limit(bindparam("page"))


def dated_pages(unit: Unit, activities: Collection[str], page: int) -> Iterator[list[Any]]:
    """The dated records of ``activities`` (their due dates may move), by id, at most ``page`` at a time.

    The pages follow the primary key alone and the activity and status are checked here: with them in the
    query, SQLite reads the activity's index and sorts every matching record by id for each page, so a register
    change on a million records read a million rows per page."""
    wanted, dated, last = set(activities), set(DATED), ""
    while True:
        rows = list(unit.data.execute(PAGE_BY_ID, {"after": last, "page": page}).all())
        if not rows:
            return
        kept = [row for row in rows if row.activity in wanted and row.status in dated]
        if kept:
            yield kept
        last = rows[-1].id


def set_due(unit: Unit, rows: list[dict[str, Any]]) -> None:
    """``{"rid": id, "due": moment or None, "rule": index or None}`` each: the record's new due date."""
    if rows:
        unit.data.connection().execute(SET_DUE, rows)


def active_due_until(unit: Unit, until: datetime) -> Iterator[tuple[str, int | None, datetime]]:
    """(activity, rule, due) of every active record due by ``until``."""
    query = select(Record.activity, Record.due_rule, Record.due_at).where(
        Record.due_at <= until, Record.status == "active"
    )
    for activity, rule, due_at in unit.data.execute(query):
        assert due_at is not None  # due_at <= until holds only for a date
        yield activity, rule, due_at


def undated_per_activity(unit: Unit) -> dict[str, int]:
    """Active or minimised records without a due date, per activity (kept until an event that has not come)."""
    where = (Record.due_at.is_(None), Record.status.in_(("active", "minimised")))
    return _per_activity(unit, where)


def restricted_per_activity(unit: Unit) -> dict[str, int]:
    return _per_activity(unit, (Record.status == "restricted",))


def _per_activity(unit: Unit, where: tuple[Any, ...]) -> dict[str, int]:
    grouped = select(Record.activity, func.count()).where(*where).group_by(Record.activity)
    return {activity: int(n) for activity, n in unit.data.execute(grouped)}
