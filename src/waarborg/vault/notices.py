"""Art 14 notices at intake: a record from another source than the person schedules a message."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from waarborg.core.db import chunks
from waarborg.core.periods import Period
from waarborg.register.due import add_period
from waarborg.vault.tables import NoticeMessage


def schedule(session: Session, activity: str, within: Period, collected: Sequence[tuple[str, datetime]]) -> int:
    """One notice per person and activity, due ``within`` after the earliest collection; none for a person
    who already has one that has not been answered."""
    earliest: dict[str, datetime] = {}
    for subject, at in collected:
        earliest[subject] = min(at, earliest.get(subject, at))
    if not earliest:
        return 0
    open_ones: set[str] = set()
    for chunk in chunks(sorted(earliest)):
        query = select(NoticeMessage.subject_id).where(
            NoticeMessage.subject_id.in_(chunk), NoticeMessage.activity == activity, NoticeMessage.answered_at.is_(None)
        )
        open_ones.update(session.connection().execute(query).scalars())
    rows = [
        {"subject_id": s, "activity": activity, "kind": "notice", "due_at": add_period(at, within)}
        for s, at in earliest.items()
        if s not in open_ones
    ]
    if rows:
        session.connection().execute(insert(NoticeMessage.__table__), rows)  # type: ignore[arg-type]
    return len(rows)
