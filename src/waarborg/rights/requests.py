"""A request's life: opened (by the person on the website, or by staff for a letter, mail or call), verified,
perhaps extended, then fulfilled or refused. Services take the caller's unit and never commit.

The requester's address and what they asked are sealed under the installation's request key: the request
is about a person who may not be (or no longer be) in the vault, and outlives an erasure as proof that it
was answered. The address is wiped once the answer has gone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from waarborg.access.events import RequestStepped
from waarborg.access.policy import Principal
from waarborg.core.errors import InputError, NotFoundError, RefusedError
from waarborg.core.timeutil import now
from waarborg.register.types import Channel
from waarborg.rights import clock
from waarborg.rights.models import Request, RequestStep
from waarborg.vault import store
from waarborg.vault import tasks as task_store
from waarborg.vault.ciphers import open_request_text, seal_request_text
from waarborg.vault.service import Unit, Vault
from waarborg.vault.tasks import TaskView

OPEN = ("unverified", "verified", "waiting")  # waiting: the work is done here, tasks elsewhere are open
CLOSED = ("fulfilled", "refused")
MAX_TEXT = 5000
DETAIL_KEYS = {
    "access": {"activities"},
    "rectification": {"changes", "activity"},
    "erasure": {"activities", "no_contact"},
    "restriction": {"activities"},
    "portability": {"activities"},
    "objection": {"activities", "direct_marketing", "grounds"},
    "withdraw_consent": {"activities"},
    "question": {"text"},
}
"""What a person may say with each kind of request; anything else is refused, so nothing is kept unasked."""


@dataclass(frozen=True)
class StepView:
    at: datetime
    actor: str
    step: str
    note: str | None

    def as_dict(self) -> dict[str, object]:
        return {**vars(self), "at": self.at.isoformat()}


@dataclass(frozen=True)
class RequestView:
    id: str
    kind: str
    status: str
    subject_id: str | None
    lang: str
    channel: str
    received_at: datetime
    due_on: date
    due_at: datetime
    due_rule: str
    extended: bool
    verified_how: str | None
    answered_at: datetime | None
    outcome: dict[str, object] | None
    steps: list[StepView] = field(default_factory=list)
    tasks: list[TaskView] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        return {
            "id": self.id,
            "type": self.kind,
            "status": self.status,
            "received_at": self.received_at.isoformat(),
            "due_on": self.due_on.isoformat(),
            "due_at": self.due_at.isoformat(),
        }

    def as_dict(self, at: datetime) -> dict[str, object]:
        return {
            **self.summary(),
            "subject_id": self.subject_id,
            "lang": self.lang,
            "channel": self.channel,
            "due_rule": self.due_rule,
            "extended": self.extended,
            "verified_how": self.verified_how,
            "answered_at": self.answered_at.isoformat() if self.answered_at else None,
            "outcome": self.outcome,
            "clock": None if self.status in CLOSED else clock.clock(self.due_on, at).as_dict(),
            "steps": [s.as_dict() for s in self.steps],
            "tasks": [t.as_dict(at) for t in self.tasks],
        }


def seal_text(vault: Vault, request_id: str, what: str, text: str) -> bytes:
    return seal_request_text(vault.ring, request_id, what, text)


def unseal_text(vault: Vault, request_id: str, what: str, sealed: bytes) -> str:
    return open_request_text(vault.ring, request_id, what, sealed)


def contact_of(vault: Vault, request: Request) -> str | None:
    return None if request.contact is None else unseal_text(vault, request.id, "contact", request.contact)


def details_of(vault: Vault, request: Request) -> dict[str, Any]:
    if request.details is None:
        return {}
    loaded: dict[str, Any] = json.loads(unseal_text(vault, request.id, "details", request.details))
    return loaded


def check_details(vault: Vault, kind: str, details: dict[str, Any]) -> dict[str, Any]:
    """The details of a request of this kind, checked against the register; InputError naming the field."""
    unknown = set(details) - DETAIL_KEYS[kind]
    if unknown:
        allowed = ", ".join(sorted(DETAIL_KEYS[kind])) or "none"
        raise InputError(
            f"details: {', '.join(sorted(unknown))} not expected with a {kind} request; allowed: {allowed}"
        )
    activities = details.get("activities")
    if activities is not None:
        if not isinstance(activities, list) or not all(isinstance(a, str) for a in activities):
            raise InputError("details.activities: give a list of activity keys")
        for activity in activities:
            if activity not in vault.register.activities:
                raise InputError(f"details.activities: '{activity}' is not an activity of the register")
    for flag in ("no_contact", "direct_marketing"):
        if flag in details and not isinstance(details[flag], bool):
            raise InputError(f"details.{flag}: true or false")
    for name in ("text", "grounds"):
        if name in details and (not isinstance(details[name], str) or len(details[name]) > MAX_TEXT):
            raise InputError(f"details.{name}: text of at most {MAX_TEXT} characters")
    if kind == "question" and not str(details.get("text", "")).strip():
        raise InputError("details.text: a question needs its text")
    changes = details.get("changes")
    if changes is not None and (not isinstance(changes, dict) or not all(isinstance(k, str) for k in changes)):
        raise InputError('details.changes: give the fields to correct and their right values, e.g. {"phone": "..."}')
    if "activity" in details and details["activity"] not in vault.register.activities:
        raise InputError(f"details.activity: '{details['activity']}' is not an activity of the register")
    if changes:
        vault.validate_changes(changes, details.get("activity"))
    return details


def subject_of_email(vault: Vault, unit: Unit, email: str) -> str | None:
    """The subject holding this address, found by its blind index; not audited here (the request step is)."""
    return store.subject_by_blind(unit, "email", vault.ring.blind_index("email", email))


def open_request(
    vault: Vault,
    unit: Unit,
    kind: str,
    email: str,
    *,
    received_at: datetime | None = None,
    channel: str = "email",
    lang: str | None = None,
    details: dict[str, Any] | None = None,
    by: Principal,
) -> RequestView:
    """Take a request in: its deadline from the day of receipt, the person found by their address."""
    try:
        kind = clock.kind_of(kind)
    except ValueError as error:
        raise InputError(f"type: {error}") from None
    address = vault.normalise_identifier("email", email)
    moment = now()
    received = received_at or moment
    if received > moment + timedelta(minutes=5):
        raise InputError(f"received_at: {received.isoformat()} is in the future")
    language = lang or vault.register.statement.language.value
    if language not in ("nl", "en"):
        raise InputError(f"lang: '{language}' is not nl or en")
    try:
        channel = Channel(channel).value
    except ValueError:
        raise InputError(f"channel: '{channel}' is not one of {', '.join(c.value for c in Channel)}") from None
    checked = check_details(vault, kind, details or {})
    due = clock.due_for(vault.register, kind, received)
    request = Request(
        kind=kind,
        status="unverified",
        subject_id=subject_of_email(vault, unit, address),
        lang=language,
        channel=channel,
        received_at=received,
        due_on=due.on,
        due_at=due.at,
        due_rule=due.rule,
        created_by=by.actor,
    )
    unit.data.add(request)
    unit.data.flush()
    request.contact = seal_text(vault, request.id, "contact", address)
    if checked:
        request.details = seal_text(vault, request.id, "details", json.dumps(checked, ensure_ascii=False))
    step(vault, unit, request, "received", by, f"via {channel}; due {due.on.isoformat()} ({due.rule})")
    return view(unit, request)


def step(vault: Vault, unit: Unit, request: Request, name: str, by: Principal, note: str | None = None) -> None:
    """A step on the request's timeline and in the audit trail."""
    unit.data.add(RequestStep(request_id=request.id, at=now(), actor=by.actor, step=name, note=note))
    vault.audit(unit, by.actor, RequestStepped(request.id, request.kind, name, request.subject_id, note))


def require(unit: Unit, request_id: str) -> Request:
    request = unit.data.get(Request, request_id)
    if request is None:
        raise NotFoundError(f"request {request_id} not found")
    return request


def require_open(unit: Unit, request_id: str) -> Request:
    request = require(unit, request_id)
    if request.status in CLOSED:
        raise RefusedError(f"request {request_id} is already {request.status}")
    return request


def verify_by_staff(
    vault: Vault,
    unit: Unit,
    request_id: str,
    reason: str,
    *,
    id_copy: bool = False,
    id_copy_deleted: bool = False,
    by: Principal,
) -> RequestView:
    """Staff saw who asked (in person, a call back to a known number, an ID copy): verified, with the reason.
    An ID copy counts only once it has been deleted (AP guidance: check, then delete)."""
    request = require_open(unit, request_id)
    if not reason.strip():
        raise InputError("reason: say how the person was identified (e.g. 'seen in person with ID')")
    if id_copy and not id_copy_deleted:
        raise RefusedError(
            f"request {request_id}: delete the ID copy after checking it, then confirm with "
            f"--id-copy-deleted; {id_copy_reminder(vault)}"
        )
    how = f"staff: {reason.strip()}" + ("; ID copy checked and deleted" if id_copy else "")
    mark_verified(vault, unit, request, how, by)
    return view(unit, request)


def id_copy_reminder(vault: Vault) -> str:
    """What must be blacked out on an ID copy: the register's list, at least the photo and the BSN."""
    identification = vault.register.requests.identification
    masked = set(identification.masked if identification else []) | {"photo", "bsn"}
    return f"the copy must have these blacked out: {', '.join(sorted(masked))}"


def mark_verified(vault: Vault, unit: Unit, request: Request, how: str, by: Principal) -> None:
    if request.status == "verified":
        return
    request.status, request.verified_at, request.verified_by, request.verified_how = "verified", now(), by.actor, how
    request.code_digest = None
    step(vault, unit, request, "verified", by, how)


def extend(
    vault: Vault, unit: Unit, request_id: str, reason: str, *, at: datetime | None = None, by: Principal
) -> RequestView:
    """Two more months for a complex or one of many requests (Art 12(3)), told within the first month."""
    request = require_open(unit, request_id)
    moment = at or now()
    if request.extended_at is not None:
        raise RefusedError(f"request {request_id} was already extended on {request.extended_at:%Y-%m-%d}")
    if not reason.strip():
        raise InputError("reason: say why the request needs more time (Art 12(3): complexity or number)")
    first_month = clock.legal_month_end(request.received_at)
    if moment > first_month:
        raise RefusedError(
            f"request {request_id}: an extension must be told within the first month, which "
            f"ended {first_month:%Y-%m-%d}"
        )
    due = clock.due_for(vault.register, request.kind, request.received_at, extended=True)
    request.due_on, request.due_at, request.due_rule = due.on, due.at, due.rule
    request.extended_at, request.extension_reason = moment, reason.strip()
    step(vault, unit, request, "extended", by, f"due {due.on.isoformat()}: {reason.strip()}")
    return view(unit, request)


def close(vault: Vault, unit: Unit, request: Request, status: str, outcome: dict[str, object], by: Principal) -> None:
    request.status, request.outcome = status, outcome
    request.answered_at, request.answered_by = now(), by.actor
    step(vault, unit, request, status, by, json.dumps(outcome, ensure_ascii=False, default=str)[:1000])


def listed(
    unit: Unit,
    *,
    overdue: bool = False,
    due_within: timedelta | None = None,
    closed: bool = False,
    subject_id: str | None = None,
    at: datetime | None = None,
) -> list[RequestView]:
    """Requests by due date: the open ones (or all with ``closed``), the overdue, or those due within a period."""
    moment = at or now()
    query = select(Request).order_by(Request.due_at, Request.id)
    if not closed:
        query = query.where(Request.status.in_(OPEN))
    if overdue:
        query = query.where(Request.due_at < moment)
    if due_within is not None:
        query = query.where(Request.due_at <= moment + due_within)
    if subject_id is not None:
        query = query.where(Request.subject_id == subject_id)
    return [view(unit, r, steps=False) for r in unit.data.execute(query).scalars()]


def show(unit: Unit, request_id: str) -> RequestView:
    return view(unit, require(unit, request_id))


def view(unit: Unit, request: Request, *, steps: bool = True) -> RequestView:
    step_rows: list[StepView] = []
    task_rows: list[TaskView] = []
    if steps:
        unit.data.flush()
        step_query = select(RequestStep).where(RequestStep.request_id == request.id).order_by(RequestStep.id)
        step_rows = [StepView(s.at, s.actor, s.step, s.note) for s in unit.data.execute(step_query).scalars()]
        task_rows = task_store.listed(unit, request_id=request.id)
    return RequestView(
        request.id,
        request.kind,
        request.status,
        request.subject_id,
        request.lang,
        request.channel,
        request.received_at,
        request.due_on,
        request.due_at,
        request.due_rule,
        request.extended_at is not None,
        request.verified_how,
        request.answered_at,
        request.outcome,
        step_rows,
        task_rows,
    )
