"""JSON API under /api/v1: add records and events, read a subject. Every call carries an API key."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Header, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse

from waarborg.access import policy
from waarborg.access.policy import Principal
from waarborg.access.tokens import user_for_token
from waarborg.core.errors import ForbiddenError, InputError, NotFoundError
from waarborg.runtime import Runtime
from waarborg.vault.apikeys import authenticate
from waarborg.vault.service import Unit, Vault
from waarborg.web.inputs import ERRORS, Input

router = APIRouter(prefix="/api/v1", tags=["vault"], responses=ERRORS)


class RecordIn(Input):
    activity: str = Field(max_length=64, description="The register's activity key.")
    data: dict[str, Any] = Field(description="Field values, keyed by the register's field names.")
    collected_at: datetime | None = Field(None, description="When the data was collected; default now.")
    source: str = Field("data_subject", max_length=64)


class RecordOut(BaseModel):
    subject_id: str
    record_id: str
    due_at: datetime | None
    flagged: list[str] = Field(default_factory=list, description="'field:KIND' found in free text (no values)")


class EventIn(Input):
    subject_id: str = Field(max_length=32)
    event: str = Field(max_length=64)
    activity: str | None = Field(None, max_length=64)
    at: datetime | None = None


class EventOut(BaseModel):
    event_id: int


def vault_of(request: Request) -> Vault:
    vault: Vault = request.app.state.vault
    return vault


def runtime_of(request: Request) -> Runtime:
    """The server's runtime: settings, mail sender, public address (built once per process, in create_app)."""
    running: Runtime = request.app.state.runtime
    return running


async def the_vault(request: Request) -> Vault:
    """The dependency: async, like every dependency that touches no database (a sync one costs a thread hop)."""
    return vault_of(request)


async def the_runtime(request: Request) -> Runtime:
    return runtime_of(request)


def principal_of(vault: Vault, work: Unit, authorization: str | None) -> Principal:
    token = authorization.removeprefix("Bearer ").strip() if authorization else None
    if token and token.startswith("wbu_"):
        return policy.for_user(vault.register, user_for_token(work.data, token))
    key = authenticate(work.data, token)
    return policy.for_api_key(key.key_id, key.name, key.activities, key.can_read)


T = TypeVar("T")


async def in_one_unit(request: Request, authorization: str | None, job: Callable[[Vault, Unit, Principal], T]) -> T:
    """A request's whole work in one worker thread: open the unit, check the caller, do the work, commit, all
    before the answer. (A chain of sync dependencies takes a thread hop each, and a unit opened in one hop would
    hold a connection, and SQLite's write lock, while waiting for a thread for the next.) How many run at once is
    the admission's business (web/admission.py)."""
    return await in_unit(request, lambda vault, work: job(vault, work, principal_of(vault, work, authorization)))


async def in_unit(request: Request, job: Callable[[Vault, Unit], T]) -> T:
    """The same for work that needs no caller (the cookie banner's choices)."""
    vault: Vault = request.app.state.vault

    def whole() -> T:
        with vault.unit() as work:
            return job(vault, work)

    return await run_in_threadpool(whole)


Authorization = Annotated[str | None, Header(description="Bearer wb_... (an API key) or wbu_... (a staff token)")]
VaultDep = Annotated[Vault, Depends(the_vault)]
RuntimeDep = Annotated[Runtime, Depends(the_runtime)]


def require_read(who: Principal) -> None:
    if "read" not in who.actions:
        raise ForbiddenError(f"{who.actor} may not read personal data")


def aware(moment: datetime | None, what: str) -> datetime | None:
    """A time from a request: Amsterdam time when it has no zone, between 1900 and 2200 (InputError: 422)."""
    from waarborg.core.timeutil import bounded

    return None if moment is None else bounded(moment, what)


def declared(vault: Vault, activity: str) -> None:
    """An activity the register declares (422 naming the declared ones), before asking whether the caller
    may use it (403)."""
    if activity not in vault.register.activities:
        known = ", ".join(sorted(vault.register.activities))
        raise InputError(f"activity: '{activity}' is not an activity of the register; activities: {known}")


@router.post("/records", status_code=201, response_model=RecordOut)
async def add_record(body: RecordIn, request: Request, authorization: Authorization = None) -> RecordOut:
    """Add one submission for an activity the key may write to."""

    def job(vault: Vault, work: Unit, who: Principal) -> RecordOut:
        declared(vault, body.activity)
        who.require("add", body.activity)
        added = vault.add_record(
            work,
            body.activity,
            body.data,
            collected_at=aware(body.collected_at, "collected_at"),
            source=body.source,
            by=who,
        )
        due = vault.record_due_at(work, added.record_id)
        return RecordOut(subject_id=added.subject_id, record_id=added.record_id, due_at=due, flagged=list(added.flags))

    return await in_one_unit(request, authorization, job)


@router.post("/events", status_code=201, response_model=EventOut)
async def add_event(body: EventIn, request: Request, authorization: Authorization = None) -> EventOut:
    """Record a lifecycle event (course ended, unsubscribed, ...) for a subject."""

    def job(vault: Vault, work: Unit, who: Principal) -> EventOut:
        if body.activity is not None:
            declared(vault, body.activity)
            who.require("add", body.activity)
        elif who.activities is not None:  # a subject-wide event touches every activity
            raise ForbiddenError("an event without an activity needs access to every activity")
        event_id = vault.add_event(
            work, body.subject_id, body.event, at=aware(body.at, "at"), activity=body.activity, by=who
        )
        return EventOut(event_id=event_id)

    return await in_one_unit(request, authorization, job)


@router.get("/subjects/{subject_id}", response_class=JSONResponse)
async def get_subject(subject_id: str, request: Request, authorization: Authorization = None) -> JSONResponse:
    """A subject with the records of the activities this key covers."""

    def job(vault: Vault, work: Unit, who: Principal) -> dict[str, Any]:
        require_read(who)
        return vault.get_subject(work, subject_id, by=who).as_dict()

    # serialised here, not by FastAPI's generic encoder: the view is plain JSON types already
    return JSONResponse(await in_one_unit(request, authorization, job))


@router.get("/subjects", response_class=JSONResponse)
async def find_subject(email: str, request: Request, authorization: Authorization = None) -> JSONResponse:
    """The subject id for an e-mail address (the address itself is never logged)."""

    def job(vault: Vault, work: Unit, who: Principal) -> dict[str, str]:
        require_read(who)
        found = vault.find_subject(work, "email", email, by=who)
        if found is None:
            raise NotFoundError("no subject with that e-mail address")
        return {"subject_id": found}

    return JSONResponse(await in_one_unit(request, authorization, job))
