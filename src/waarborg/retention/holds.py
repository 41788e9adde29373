"""Holds: data that must outlive its retention rule for a while, restricted instead of deleted.

A statutory hold names the law (AWR art 52: the fiscal administration, 7 years); a legal hold names the
claim (a case number). Both end on a date. While a hold is in force the sweep restricts a covered record
that falls due: kept, used for nothing, shown only to those who may see restricted data (the DPO). When
the hold ends or is released, the record's rule applies again and the next sweep carries it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from waarborg.access.events import HoldPlaced, HoldReleased
from waarborg.access.policy import Principal
from waarborg.core.errors import InputError, NotFoundError, RefusedError
from waarborg.core.timeutil import now
from waarborg.vault import store
from waarborg.vault.service import Unit, Vault
from waarborg.vault.tables import Hold

KINDS = ("statutory", "legal")


@dataclass(frozen=True)
class HoldView:
    id: int
    subject_id: str
    kind: str
    reference: str
    reason: str
    activities: list[str] | None
    until: datetime
    created_at: datetime
    created_by: str
    released_at: datetime | None

    def in_force(self, at: datetime) -> bool:
        return self.released_at is None and self.until > at

    def as_dict(self) -> dict[str, object]:
        return {
            **vars(self),
            "until": self.until.isoformat(),
            "created_at": self.created_at.isoformat(),
            "released_at": self.released_at.isoformat() if self.released_at else None,
        }


def place(
    vault: Vault,
    unit: Unit,
    subject_id: str,
    *,
    kind: str,
    reference: str,
    reason: str,
    until: datetime,
    activities: list[str] | None = None,
    by: Principal,
) -> int:
    """Put a subject's data (of ``activities``, or all of it) on hold until ``until``; audited."""
    if kind not in KINDS:
        raise InputError(f"kind: '{kind}' is not one of {', '.join(KINDS)}")
    if not reference.strip():
        raise InputError("reference: name the law or the claim the hold is for")
    if not reason.strip():
        raise InputError("reason: say why the data must be kept")
    if until <= now():
        raise InputError(f"until: {until.isoformat()} is not in the future; a hold ends on a later date")
    vault.require_subject(unit, subject_id)
    held = store.activities_of(unit, subject_id)
    for activity in activities or sorted(held):
        if activity not in held:
            raise InputError(f"activity: subject {subject_id} holds no data of '{activity}'")
        by.require("restrict", activity)
    hold = Hold(
        subject_id=subject_id, kind=kind, reference=reference.strip(), reason=reason.strip(),
        activities=sorted(activities) if activities else None, until=until, created_by=by.actor,
    )  # fmt: skip
    unit.data.add(hold)
    unit.data.flush()
    vault.refresh_due(unit, subject_id)
    vault.audit(unit, by.actor, HoldPlaced(subject_id, hold.id, kind, hold.reference, until.isoformat()))
    return hold.id


def release(vault: Vault, unit: Unit, hold_id: int, *, by: Principal) -> HoldView:
    """End a hold now: the held records fall back to their own due dates (the next sweep acts on them)."""
    hold = unit.data.get(Hold, hold_id)
    if hold is None:
        raise NotFoundError(f"hold {hold_id} not found")
    if hold.released_at is not None:
        raise RefusedError(f"hold {hold_id} was already released on {hold.released_at:%Y-%m-%d}")
    for activity in hold.activities or []:
        by.require("restrict", activity)
    if hold.activities is None and by.activities is not None:
        raise RefusedError(f"{by.actor}: a hold on all of a subject's data is released by someone who sees it all")
    hold.released_at, hold.released_by = now(), by.actor
    unit.data.flush()
    vault.refresh_due(unit, hold.subject_id)
    vault.audit(unit, by.actor, HoldReleased(hold.subject_id, hold.id))
    return _view(hold)


def listed(unit: Unit, *, subject_id: str | None = None, in_force_only: bool = True) -> list[HoldView]:
    query = select(Hold).order_by(Hold.until, Hold.id)
    if subject_id is not None:
        query = query.where(Hold.subject_id == subject_id)
    if in_force_only:
        query = query.where(Hold.released_at.is_(None), Hold.until > now())
    return [_view(hold) for hold in unit.data.execute(query).scalars()]


def _view(hold: Hold) -> HoldView:
    return HoldView(
        hold.id, hold.subject_id, hold.kind, hold.reference, hold.reason, hold.activities, hold.until,
        hold.created_at, hold.created_by, hold.released_at,
    )  # fmt: skip
