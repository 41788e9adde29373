"""Doing what a verified request asks, and answering it: one transaction per request.

The work, the request's new status, its tasks and the answer are one unit: the answer goes out before the
transaction commits, so when the mail server refuses, nothing has changed and the request can be fulfilled
again. The requester's address is wiped once the answer has gone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from waarborg.access.policy import Principal, operator
from waarborg.consent import receipts
from waarborg.core.errors import ForbiddenError, InputError, RefusedError
from waarborg.core.mail import Attachment, Mail
from waarborg.core.timeutil import now
from waarborg.register.export.common import slug
from waarborg.rights import changes, erasure, package, requests, tasks
from waarborg.rights.answers import Writer
from waarborg.rights.models import Request
from waarborg.vault.models import Subject
from waarborg.vault.service import Unit, Vault

Send = Callable[[Mail], None]
ZIP = "application/zip"


@dataclass
class Fulfilled:
    request: requests.RequestView
    package: bytes | None = None  # the zip an access or portability request produced


@dataclass(frozen=True)
class Instructions:
    """What staff add when fulfilling: the corrected values, the answer to a question, how to treat flags."""

    changes: dict[str, Any] | None = None
    answer: str | None = None
    mask_flagged: bool = False
    release_flagged: str | None = None  # the reason flagged text may go out as it is


def holdings(vault: Vault, unit: Unit, subject_id: str | None, by: Principal) -> package.Holdings:
    """Everything held about the person, read in full (a request answers for every activity); audited."""
    if subject_id is None or unit.data.get(Subject, subject_id) is None:
        return package.Holdings(None)
    view = vault.get_subject(unit, subject_id, by=operator(by.actor))
    return package.Holdings(
        view, receipts.history(unit, subject_id), requests.listed(unit, closed=True, subject_id=subject_id)
    )


def fulfil(
    vault: Vault,
    send: Send,
    request_id: str,
    *,
    by: Principal,
    given: Instructions = Instructions(),
    at: datetime | None = None,
) -> Fulfilled:
    """Carry out the request and send the result; RefusedError when it is not verified or flags need a look."""
    if by.activities is not None:
        raise ForbiddenError(f"{by.actor}: a request is fulfilled by someone who sees every activity (the DPO)")
    moment = at or now()
    with vault.unit() as unit:
        request = requests.require_open(unit, request_id)
        if request.status != "verified" and request.kind != "question":
            raise RefusedError(
                f"request {request_id} is not verified yet: send the confirmation message or verify it with a reason"
            )
        address = requests.contact_of(vault, request)
        if address is None:
            raise RefusedError(f"request {request_id} has no address to answer")
        held = holdings(vault, unit, request.subject_id, by) if request.kind in ("access", "portability") else None
        outcome, extra, archive = _work(vault, unit, request, held, given, moment, by)
        if request.kind in tasks.TOLD and outcome.get("activities"):
            outcome["told"] = tasks.create(unit, vault.register, request, request.kind, outcome["activities"])
        requests.close(vault, unit, request, "fulfilled", outcome, by)
        files = (
            (Attachment(f"{slug(vault.register.organisation.name)}-{request.kind}.zip", ZIP, archive),)
            if archive
            else ()
        )
        send(Writer(vault.register, request.lang).result(address, request.kind, outcome, extra, files))
        request.contact = None
        requests.step(vault, unit, request, "answer_sent", by)
        return Fulfilled(requests.view(unit, request), archive)


def _work(
    vault: Vault,
    unit: Unit,
    request: Request,
    held: package.Holdings | None,
    given: Instructions,
    at: datetime,
    by: Principal,
) -> tuple[dict[str, Any], str | None, bytes | None]:
    """The kind's work: (outcome without personal data, text for the answer, the package zip)."""
    details = requests.details_of(vault, request)
    subject = request.subject_id if request.subject_id and unit.data.get(Subject, request.subject_id) else None
    scope = details.get("activities")
    if request.kind == "question":
        if not (given.answer or "").strip():
            raise InputError("answer: a question is fulfilled with the answer to it")
        return {"answered": True}, given.answer, None
    if held is not None:
        return _package(vault, request, held, given, at)
    if subject is None:
        return {"held_nothing": True}, None, None
    if request.kind == "rectification":
        wanted = given.changes or details.get("changes")
        if not wanted:
            raise InputError("changes: name the corrected values (e.g. --set phone=0612345678)")
        fixed = changes.rectify(vault, unit, subject, wanted, details.get("activity"), by=by)
        return {"fields": sorted({f for fs in fixed.values() for f in fs}), "activities": sorted(fixed)}, None, None
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
        return done.outcome(), None, None
    if request.kind == "restriction":
        restricted = changes.restrict(unit, subject, scope, by=by)
        return {"restricted": len(restricted), "activities": restricted}, None, None
    if request.kind == "withdraw_consent":
        withdrawn = changes.withdraw(vault, unit, subject, scope, _via(request), request.lang, at, by=by)
        return {"activities": withdrawn}, None, None
    return _objection(vault, unit, request, subject, details, at, by)


def _via(request: Request) -> str:
    return request.channel if request.channel in ("email", "phone", "post", "portal", "web_form", "paper") else "email"


def _package(
    vault: Vault, request: Request, held: package.Holdings, given: Instructions, at: datetime
) -> tuple[dict[str, Any], str | None, bytes | None]:
    if not held.records and held.subject is None:
        return {"held_nothing": True}, None, None
    if request.kind == "portability":
        made = package.portability(vault.register, held, request.lang, request.id, at)
        return {"records": made.records}, None, made.zip()
    made = package.access(vault.register, held, request.lang, request.id, at, mask_flagged=given.mask_flagged)
    if made.flags and not given.mask_flagged and not given.release_flagged:
        where = "; ".join(f"record {f.record_id} field {f.field}: {f.kind} at {f.start}-{f.end}" for f in made.flags)
        raise RefusedError(
            f"request {request.id}: free text holds what may be other people's data ({where}); mask it "
            "(--mask-flagged) or release it with a reason (--release-flagged REASON)"
        )
    outcome: dict[str, Any] = {
        "records": made.records,
        "activities": sorted({r.activity for r in held.records}),
        "flagged": len(made.flags),
        "masked": given.mask_flagged,
    }
    if given.release_flagged:
        outcome["released_flagged"] = given.release_flagged
    return outcome, None, made.zip()


def _objection(
    vault: Vault, unit: Unit, request: Request, subject: str, details: dict[str, Any], at: datetime, by: Principal
) -> tuple[dict[str, Any], str | None, bytes | None]:
    acted = changes.object_to(
        vault,
        unit,
        subject,
        details.get("activities"),
        bool(details.get("direct_marketing")),
        _via(request),
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
    return outcome, None, None


def refuse(vault: Vault, send: Send, request_id: str, reason: str, *, by: Principal) -> requests.RequestView:
    """Refuse with the reason and how to complain (Art 12(4)); never a fee."""
    if not reason.strip():
        raise InputError("reason: a refusal says why (Art 12(4))")
    with vault.unit() as unit:
        request = requests.require_open(unit, request_id)
        address = requests.contact_of(vault, request)
        requests.close(vault, unit, request, "refused", {"reason": reason.strip()}, by)
        if address is not None:
            send(Writer(vault.register, request.lang).refusal(address, request.kind, reason.strip()))
            request.contact = None
            requests.step(vault, unit, request, "answer_sent", by)
        return requests.view(unit, request)


def extend(
    vault: Vault, send: Send, request_id: str, reason: str, *, by: Principal, at: datetime | None = None
) -> requests.RequestView:
    """Extend by two months and tell the person why, in the same transaction."""
    with vault.unit() as unit:
        view = requests.extend(vault, unit, request_id, reason, at=at, by=by)
        request = requests.require(unit, request_id)
        address = requests.contact_of(vault, request)
        if address is not None:
            send(Writer(vault.register, request.lang).extension(address, request.kind, reason.strip(), view.due_on))
            requests.step(vault, unit, request, "extension_sent", by)
        return requests.view(unit, request)
