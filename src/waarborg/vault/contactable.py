"""Who can be reached for an activity: the vault's side of an audience (consent decides who may be).

Pages of subjects with active records of an activity, in id order; who objected to it; and the e-mail
addresses in clear of a page's candidates, leaving out anyone with an identifier on the do-not-contact list.
A page's subjects are consecutive ids, so a range reads the indexes in order and compiles in no time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from waarborg.vault import suppression
from waarborg.vault.models import Event, Identifier, Record

if TYPE_CHECKING:
    from waarborg.vault.service import Unit, Vault

PAGE = 5000


def subject_pages(unit: Unit, activity: str, page: int = PAGE) -> Iterator[list[str]]:
    """The subjects with active records of ``activity``, ``page`` at a time, by id."""
    last = ""
    while True:
        query = (
            select(Record.subject_id)
            .where(Record.activity == activity, Record.status == "active", Record.subject_id > last)
            .group_by(Record.subject_id)
            .order_by(Record.subject_id)
            .limit(page)
        )
        subjects = list(unit.data.connection().execute(query).scalars())
        if not subjects:
            return
        yield subjects
        last = subjects[-1]


def objected(unit: Unit, activity: str, first: str, last: str, at: datetime) -> set[str]:
    """Subjects between ``first`` and ``last`` who objected (to this activity, or to all) by ``at``."""
    query = select(Event.subject_id).where(
        Event.subject_id.between(first, last), Event.name == "objected", Event.at <= at,
        (Event.activity == activity) | Event.activity.is_(None),
    )  # fmt: skip
    return set(unit.data.connection().execute(query).scalars())


def emails(vault: Vault, unit: Unit, candidates: list[str], first: str, last: str) -> dict[str, str]:
    """The candidates' e-mail addresses in clear, except for anyone on the do-not-contact list."""
    wanted = set(candidates)
    query = select(Identifier.subject_id, Identifier.kind, Identifier.blind, Identifier.value).where(
        Identifier.subject_id.between(first, last)
    )
    identifiers = [row for row in unit.data.connection().execute(query) if row.subject_id in wanted]
    listed = suppression.listed(unit.data, [row.blind for row in identifiers])
    blocked = {row.subject_id for row in identifiers if (row.kind, row.blind) in listed}
    ciphers = vault.ciphers(unit, [s for s in candidates if s not in blocked])
    return {
        row.subject_id: ciphers[row.subject_id].identifier("email", row.value)
        for row in identifiers
        if row.kind == "email" and row.subject_id in ciphers
    }
