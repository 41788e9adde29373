"""JSON API under /api/v1: add records and events, read a subject. Every call carries an API key."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from pydantic import BaseModel, ConfigDict, Field

from waarborg.core.errors import NotFoundError
from waarborg.vault.apikeys import Caller, authenticate
from waarborg.vault.service import Unit, Vault

router = APIRouter(prefix="/api/v1", tags=["vault"])


class RecordIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    activity: str = Field(max_length=64, description="The register's activity key.")
    data: dict[str, Any] = Field(description="Field values, keyed by the register's field names.")
    collected_at: datetime | None = Field(None, description="When the data was collected; default now.")
    source: str = Field("data_subject", max_length=64)


class RecordOut(BaseModel):
    subject_id: str
    record_id: str
    due_at: datetime | None


class EventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subject_id: str = Field(max_length=32)
    event: str = Field(max_length=64)
    activity: str | None = Field(None, max_length=64)
    at: datetime | None = None


class EventOut(BaseModel):
    event_id: int


def vault_of(request: Request) -> Vault:
    vault: Vault = request.app.state.vault
    return vault


def unit(vault: Annotated[Vault, Depends(vault_of)]) -> Iterator[Unit]:
    """One transaction per request: committed when the response is ready, rolled back on any error."""
    with vault.unit() as work:
        yield work


def caller(work: Annotated[Unit, Depends(unit)], authorization: Annotated[str | None, Header()] = None) -> Caller:
    token = authorization.removeprefix("Bearer ").strip() if authorization else None
    return authenticate(work.data, token)


Work = Annotated[Unit, Depends(unit)]
Who = Annotated[Caller, Depends(caller)]
VaultDep = Annotated[Vault, Depends(vault_of)]


def _aware(moment: datetime | None) -> datetime | None:
    from waarborg.core.timeutil import AMSTERDAM

    return moment.replace(tzinfo=AMSTERDAM) if moment and moment.tzinfo is None else moment


@router.post("/records", status_code=201, response_model=RecordOut)
def add_record(body: RecordIn, vault: VaultDep, work: Work, who: Who) -> RecordOut:
    """Add one submission for an activity the key may write to."""
    who.require_activity(body.activity)
    added = vault.add_record(
        work, body.activity, body.data, collected_at=_aware(body.collected_at), source=body.source, actor=who.actor
    )
    due = vault.record_due_at(work, added.record_id)
    return RecordOut(subject_id=added.subject_id, record_id=added.record_id, due_at=due)


@router.post("/events", status_code=201, response_model=EventOut)
def add_event(body: EventIn, vault: VaultDep, work: Work, who: Who) -> EventOut:
    """Record a lifecycle event (course ended, unsubscribed, ...) for a subject."""
    if body.activity is not None:
        who.require_activity(body.activity)
    else:
        who.require_read()  # a subject-wide event touches every activity: only for keys trusted to read
    event_id = vault.add_event(
        work, body.subject_id, body.event, at=_aware(body.at), activity=body.activity, actor=who.actor
    )
    return EventOut(event_id=event_id)


@router.get("/subjects/{subject_id}")
def get_subject(subject_id: str, vault: VaultDep, work: Work, who: Who) -> dict[str, Any]:
    """A subject with the records of the activities this key covers."""
    who.require_read()
    return vault.get_subject(work, subject_id, actor=who.actor, activities=who.activities).as_dict()


@router.get("/subjects")
def find_subject(email: str, vault: VaultDep, work: Work, who: Who) -> dict[str, str]:
    """The subject id for an e-mail address (the address itself is never logged)."""
    who.require_read()
    found = vault.find_subject(work, "email", email, actor=who.actor)
    if found is None:
        raise NotFoundError("no subject with that e-mail address")
    return {"subject_id": found}
