"""The work each kind of request does in the vault: correct, erase, restrict, withdraw, object, answer.

Access and portability change nothing here; their package is made when the answer goes (``fulfil``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from waarborg.access.policy import Principal
from waarborg.core.errors import InputError
from waarborg.rights import changes, erasure, requests
from waarborg.rights.models import Request
from waarborg.vault import store
from waarborg.vault.service import Unit, Vault


@dataclass(frozen=True)
class Instructions:
    """What staff add when fulfilling: the corrected values, the answer to a question, how to treat flags."""

    changes: dict[str, Any] | None = None
    answer: str | None = None
    mask_flagged: bool = False
    release_flagged: str | None = None  # the reason flagged text may go out as it is


def do(
    vault: Vault,
    unit: Unit,
    request: Request,
    given: Instructions,
    at: datetime,
    by: Principal,
) -> tuple[dict[str, Any], str | None]:
    """The kind's work in the vault: (outcome without personal data, text for the answer)."""
    details = requests.details_of(vault, request)
    subject = request.subject_id if store.subject_exists(unit, request.subject_id) else None
    scope = details.get("activities")
    if request.kind == "question":
        if not (given.answer or "").strip():
            raise InputError("answer: a question is fulfilled with the answer to it")
        return {"answered": True}, given.answer
    if request.kind in ("access", "portability"):
        return {}, None  # the package is made when the answer goes (after the systems' exports)
    if subject is None:
        return {"held_nothing": True}, None
    if request.kind == "rectification":
        wanted = given.changes or details.get("changes")
        if not wanted:
            raise InputError("changes: name the corrected values (e.g. --set phone=0612345678)")
        fixed = changes.rectify(vault, unit, subject, wanted, details.get("activity"), by=by)
        return {"fields": sorted({f for fs in fixed.values() for f in fs}), "activities": sorted(fixed)}, None
    if request.kind == "erasure":
        done = erasure.erase(
            vault,
            unit,
            subject,
            at,
            activities=scope,
            no_contact=bool(details.get("no_contact")),
            lang=request.lang,
            by=by,
        )
        return done.outcome(), None
    if request.kind == "restriction":
        restricted = changes.restrict(unit, subject, scope, by=by)
        return {"restricted": len(restricted), "activities": restricted}, None
    if request.kind == "withdraw_consent":
        withdrawn = changes.withdraw(vault, unit, subject, scope, via(request), request.lang, at, by=by)
        return {"activities": withdrawn}, None
    return _objection(vault, unit, request, subject, details, at, by)


def via(request: Request) -> str:
    return request.channel if request.channel in ("email", "phone", "post", "portal", "web_form", "paper") else "email"


def _objection(
    vault: Vault, unit: Unit, request: Request, subject: str, details: dict[str, Any], at: datetime, by: Principal
) -> tuple[dict[str, Any], str | None]:
    acted = changes.object_to(
        vault,
        unit,
        subject,
        details.get("activities"),
        bool(details.get("direct_marketing")),
        via(request),
        request.lang,
        at,
        by=by,
    )
    outcome: dict[str, Any] = dict(acted)
    if acted["erase"]:
        outcome.update(
            erasure.erase(vault, unit, subject, at, activities=acted["erase"], lang=request.lang, by=by).outcome()
        )
    outcome["direct_marketing"] = bool(details.get("direct_marketing"))
    outcome["activities"] = sorted(set(acted["erase"]) | set(acted["marketing_stopped"]))
    return outcome, None
