"""Doing what a verified request asks, and answering it.

``fulfil`` does the work in the vault and gives the tasks for the systems that hold the person's data
elsewhere (SQL systems are handled at once). When no task is left open, the answer goes in the same
transaction, before it commits: when the mail server refuses, nothing has changed and the request can be
fulfilled again. Otherwise the request is ``waiting`` until its tasks are done or refused (``close_if_done``
after each task, or ``close`` with the privacy officer's override), and then the answer says what was done
where. The requester's address is wiped once the answer has gone.
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
from waarborg.rights import external, package, requests, work
from waarborg.rights.answers import Writer
from waarborg.rights.models import Request
from waarborg.rights.work import Instructions
from waarborg.vault import store, tasks
from waarborg.vault.service import Unit, Vault

Send = Callable[[Mail], None]
ZIP = "application/zip"
NOTHING_MORE = Instructions()

__all__ = ["Fulfilled", "Instructions", "close", "close_if_done", "extend", "fulfil", "refuse"]


@dataclass
class Fulfilled:
    request: requests.RequestView
    package: bytes | None = None  # the zip an access or portability request produced


def holdings(vault: Vault, unit: Unit, subject_id: str | None, by: Principal) -> package.Holdings:
    """Everything held about the person, read in full (a request answers for every activity); audited."""
    if subject_id is None or not store.subject_exists(unit, subject_id):
        return package.Holdings(None)
    view = vault.get_subject(unit, subject_id, by=operator(by.actor))
    return package.Holdings(
        view, receipts.history(unit, subject_id), requests.listed(unit, closed=True, subject_id=subject_id)
    )


def fulfil(vault: Vault, send: Send, request_id: str, *, by: Principal, given: Instructions = NOTHING_MORE,
           at: datetime | None = None) -> Fulfilled:  # fmt: skip
    """Do the work and give the tasks; answer now when none is left open. RefusedError when the request is
    not verified, is already waiting for its tasks, or free text needs a look first.

    A mail-sending workflow: commits on its own, with the mail sent inside the transaction (see the module)."""
    if by.activities is not None:
        raise ForbiddenError(f"{by.actor}: a request is fulfilled by someone who sees every activity (the DPO)")
    moment = at or now()
    with vault.unit() as unit:
        request = requests.require_open(unit, request_id)
        if request.status == "waiting":
            raise RefusedError(f"request {request_id} is done here and waits for its tasks: `request close`")
        if request.status != "verified" and request.kind != "question":
            raise RefusedError(
                f"request {request_id} is not verified yet: send the confirmation message or verify it with a reason"
            )
        if requests.contact_of(vault, request) is None:
            raise RefusedError(f"request {request_id} has no address to answer")
        activities, who = external.before(vault, unit, request, requests.details_of(vault, request).get("activities"))
        outcome, extra = work.do(vault, unit, request, given, moment, by)
        made = external.give(vault, unit, request, outcome.get("activities", activities), who, by)
        if any(t.status == "open" and not (t.reach == "sql" and t.action == "access") for t in made):
            request.status, request.outcome = "waiting", outcome
            open_tasks = sum(t.status == "open" for t in made)
            requests.step(vault, unit, request, "waiting", by, f"{open_tasks} tasks open")
            return Fulfilled(requests.view(unit, request))
        return _answer(vault, unit, send, request, outcome, extra, given, moment, by)


def close(vault: Vault, send: Send, request_id: str, *, by: Principal, override: str | None = None,
          given: Instructions = NOTHING_MORE) -> Fulfilled:  # fmt: skip
    """Answer a waiting request once its tasks are closed; the privacy officer may override open ones, with a
    reason (the answer then says which are still open).

    A mail-sending workflow: commits on its own, with the mail sent inside the transaction (see the module)."""
    with vault.unit() as unit:
        request = requests.require_open(unit, request_id)
        if request.status != "waiting":
            raise RefusedError(f"request {request_id} is {request.status}: fulfil it first")
        still = [t for t in tasks.listed(unit, request_id=request_id) if t.status == "open" and t.reach != "sql"]
        if still and override is None:
            names = ", ".join(f"{t.id} {t.name}" for t in still)
            raise RefusedError(f"request {request_id} has open tasks ({names}); close them or override with a reason")
        if still:
            if not by.restricted:
                raise ForbiddenError(f"{by.actor}: only the privacy officer overrides open tasks")
            requests.step(vault, unit, request, "override", by, override)
        outcome = dict(request.outcome or {})
        if override:
            outcome["override"] = override
        return _answer(vault, unit, send, request, outcome, None, given, now(), by)


def close_if_done(vault: Vault, send: Send, request_id: str | None, *, by: Principal) -> Fulfilled | None:
    """After a task closed: answer its request when it was waiting and nothing is open any more. Runs after
    the task's own transaction committed, and commits the answer on its own (see :func:`close`)."""
    if request_id is None:
        return None
    with vault.unit() as unit:
        request = unit.data.get(Request, request_id)
        if request is None or request.status != "waiting":
            return None
        if any(t.status == "open" and t.reach != "sql" for t in tasks.listed(unit, request_id=request_id)):
            return None
    return close(vault, send, request_id, by=by)


def _answer(vault: Vault, unit: Unit, send: Send, request: Request, outcome: dict[str, Any], extra: str | None,
            given: Instructions, at: datetime, by: Principal) -> Fulfilled:  # fmt: skip
    address = requests.contact_of(vault, request)
    if address is None:
        raise RefusedError(f"request {request.id} has no address to answer")
    archive = None
    if request.kind in ("access", "portability"):
        found = external.exports(vault, unit, request, by)
        held = holdings(vault, unit, request.subject_id, by)
        made, more = _package(vault, request, held, found, given, at)
        outcome, archive = {**outcome, **more}, made
    places = [{"name": t.name, "status": t.status, "note": t.note} for t in tasks.listed(unit, request_id=request.id)]
    if places:
        outcome["done_where"] = places
    requests.close(vault, unit, request, "fulfilled", outcome, by)
    name = f"{slug(vault.register.organisation.name)}-{request.kind}.zip"
    files = (Attachment(name, ZIP, archive),) if archive else ()
    send(Writer(vault.register, request.lang).result(address, request.kind, outcome, extra, files))
    request.contact = None
    requests.step(vault, unit, request, "answer_sent", by)
    return Fulfilled(requests.view(unit, request), archive)


def _package(vault: Vault, request: Request, held: package.Holdings, systems: package.Exports, given: Instructions,
             at: datetime) -> tuple[bytes | None, dict[str, Any]]:  # fmt: skip
    if not held.records and held.subject is None and not any(systems.values()):
        return None, {"held_nothing": True}
    if request.kind == "portability":
        made = package.portability(vault.register, held, request.lang, request.id, at, systems)
        return made.zip(), {"records": made.records}
    made = package.access(vault.register, held, request.lang, request.id, at, mask_flagged=given.mask_flagged,
                          systems=systems)  # fmt: skip
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
    return made.zip(), outcome


def refuse(vault: Vault, send: Send, request_id: str, reason: str, *, by: Principal) -> requests.RequestView:
    """Refuse with the reason and how to complain (Art 12(4)); never a fee.

    A mail-sending workflow: commits on its own, with the mail sent inside the transaction (see the module)."""
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
    """Extend by two months and tell the person why, in the same transaction, which it commits itself."""
    with vault.unit() as unit:
        view = requests.extend(vault, unit, request_id, reason, at=at, by=by)
        request = requests.require(unit, request_id)
        address = requests.contact_of(vault, request)
        if address is not None:
            send(Writer(vault.register, request.lang).extension(address, request.kind, reason.strip(), view.due_on))
            requests.step(vault, unit, request, "extension_sent", by)
        return requests.view(unit, request)
