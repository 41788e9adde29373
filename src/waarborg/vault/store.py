"""Questions about what the vault holds, for the layers above it, which never query its tables themselves.

Each function works in the caller's unit; none reads a value in clear (that is :meth:`Vault.identifiers_of`,
:meth:`Vault.get_subject` and the ciphers) and none changes anything.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from sqlalchemy import select

from waarborg.vault.models import Identifier, Record, Subject

if TYPE_CHECKING:
    from waarborg.vault.service import Unit


def subject_exists(unit: Unit, subject_id: str | None) -> bool:
    return subject_id is not None and unit.data.get(Subject, subject_id) is not None


def activities_of(unit: Unit, subject_id: str, statuses: Collection[str] | None = None) -> set[str]:
    """The activities of which the subject has records (in one of ``statuses``, when given)."""
    query = select(Record.activity).where(Record.subject_id == subject_id).distinct()
    if statuses is not None:
        query = query.where(Record.status.in_(statuses))
    return set(unit.data.execute(query).scalars())


def subject_by_blind(unit: Unit, kind: str, blind: bytes) -> str | None:
    """The subject holding an identifier, found by its blind index (not audited: the caller's step is)."""
    query = select(Identifier.subject_id).where(Identifier.blind == blind, Identifier.kind == kind).limit(1)
    found: str | None = unit.data.execute(query).scalar()
    return found
