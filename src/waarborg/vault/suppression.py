"""The do-not-contact list at intake: what happens when someone on it is taken in again.

The list holds blind indexes of identifiers (see ``tables.DoNotContact``). At intake:

- data about a listed person that comes from **somewhere else** (a recruiter's search on LinkedIn, a
  bought list, another organisation) is refused: the person asked not to be approached, and taking them
  in again is how they would be approached;
- a listed person who **signs up themselves** for an activity that rests on consent (a newsletter form)
  has made a new, free choice: the record is taken in and the listing of those identifiers is lifted,
  which the audit trail records;
- a listed person who enters an agreement or otherwise gives data themselves (a course registration) is
  taken in and **stays** on the list: they are not mailed for marketing because of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from waarborg.core.db import chunks
from waarborg.core.errors import RefusedError
from waarborg.core.prepared import Prepared
from waarborg.register.schema import Activity
from waarborg.register.types import Basis
from waarborg.vault.tables import DoNotContact

OWN = "data_subject"


LISTED_ONE = Prepared(select(DoNotContact.kind, DoNotContact.blind).where(DoNotContact.blind == bindparam("blind")))
LISTED = select(DoNotContact.kind, DoNotContact.blind).where(
    DoNotContact.blind.in_(bindparam("blinds", expanding=True))
)


def listed(session: Session, blinds: Iterable[bytes]) -> set[tuple[str, bytes]]:
    """The (kind, blind index) pairs of these blind indexes that are on the list."""
    wanted = sorted(set(blinds))
    if len(wanted) <= 2:  # one submission: a prepared look-up per identifier
        return {(kind, blind) for one in wanted for kind, blind in LISTED_ONE.rows(session, {"blind": one})}
    found: set[tuple[str, bytes]] = set()
    for chunk in chunks(wanted):
        found.update((kind, blind) for kind, blind in session.connection().execute(LISTED, {"blinds": list(chunk)}))
    return found


def check_intake(
    session: Session, activity: Activity, sources: Sequence[str], blinds: Sequence[Mapping[str, bytes]]
) -> list[int]:
    """Refuse data about listed people from other sources; lift the listing of people who sign up for a
    consent-based activity themselves. Returns the rows whose listing was lifted."""
    found = listed(session, {blind for row in blinds for blind in row.values()})
    if not found:
        return []
    lifted: list[int] = []
    for index, (source, row) in enumerate(zip(sources, blinds, strict=True)):
        hit = {(kind, blind) for kind, blind in row.items()} & found
        if not hit:
            continue
        if source != OWN:
            raise RefusedError(
                f"row {index + 1}: this person is on the do-not-contact list; data about them from '{source}' "
                "is not taken in (they asked not to be approached)"
            )
        if activity.basis == Basis.consent:
            for kind, blind in hit:
                session.execute(delete(DoNotContact).where(DoNotContact.kind == kind, DoNotContact.blind == blind))
            lifted.append(index)
    return lifted
