"""Who can be reached for an activity: the vault's side of an audience (consent decides who may be).

Pages of subjects with active records of an activity, in id order; who objected to it; and the e-mail
addresses in clear of a page's candidates, leaving out anyone with an identifier on the do-not-contact list.
Everything is read by the page's ids (an activity's people can be a sparse share of the vault, so a range of
ids would read everyone's rows between them).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, select

from waarborg.core.db import chunks
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


def objected(unit: Unit, activity: str, subjects: list[str], at: datetime) -> set[str]:
    """Those of ``subjects`` who objected (to this activity, or to all) by ``at``."""
    query = select(Event.subject_id).where(
        Event.subject_id.in_(bindparam("subjects", expanding=True)), Event.name == "objected", Event.at <= at,
        (Event.activity == activity) | Event.activity.is_(None),
    )  # fmt: skip
    found: set[str] = set()
    for chunk in chunks(subjects):
        found.update(unit.data.connection().execute(query, {"subjects": list(chunk)}).scalars())
    return found


IDENTIFIERS_OF = select(Identifier.subject_id, Identifier.kind, Identifier.blind, Identifier.value).where(
    Identifier.subject_id.in_(bindparam("subjects", expanding=True))
)


def emails(vault: Vault, unit: Unit, candidates: list[str]) -> dict[str, str]:
    """The candidates' e-mail addresses in clear, except for anyone on the do-not-contact list. By the
    candidates' ids, not a range: an activity's people are a sparse share of a large vault."""
    identifiers = [
        row
        for chunk in chunks(candidates)
        for row in unit.data.connection().execute(IDENTIFIERS_OF, {"subjects": list(chunk)})
    ]
    listed = suppression.listed(unit.data, [row.blind for row in identifiers])
    blocked = {row.subject_id for row in identifiers if (row.kind, row.blind) in listed}
    ciphers = vault.ciphers(unit, [s for s in candidates if s not in blocked])
    return {
        row.subject_id: ciphers[row.subject_id].identifier("email", row.value)
        for row in identifiers
        if row.kind == "email" and row.subject_id in ciphers
    }
