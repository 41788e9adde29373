"""Consent over HTTP: record a grant or withdrawal (a website's form, a preferences page), read the state."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import Field

from waarborg.consent import receipts
from waarborg.core.errors import InputError
from waarborg.web.api import RuntimeDep, VaultDep, Who, Work, aware, declared, require_read
from waarborg.web.inputs import ERRORS, Input

router = APIRouter(prefix="/api/v1", tags=["consent"], responses=ERRORS)


class ConsentIn(Input):
    subject_id: str | None = Field(None, max_length=32, description="The subject; or give `email` instead.")
    email: str | None = Field(
        None,
        min_length=3,
        max_length=320,
        description="The address a website knows the person by, instead of "
        "`subject_id`: the subject holding a record of the activity under it (404 when none does).",
    )
    activity: str = Field(max_length=64)
    options: list[str] | None = Field(None, max_length=50, description="Options; default (or 'all'): every one.")
    granted: bool
    via: str = Field("web_form", max_length=32, description="web_form, email, paper, portal, unsubscribe_link, ...")
    form_url: str | None = Field(None, max_length=500)
    lang: Literal["nl", "en"] = "nl"
    at: datetime | None = None
    soft_opt_in: bool = Field(False, description="An existing customer's soft opt-in, where the register allows it.")


@router.post("/consents", status_code=201)
def record_consent(body: ConsentIn, vault: VaultDep, work: Work, who: Who) -> dict[str, Any]:
    """Add receipts for a grant or withdrawal; withdrawing the last option is an unsubscribe."""
    if body.options is not None and not body.options:
        raise InputError("options: name at least one option, or leave it out for all")
    if (body.subject_id is None) == (body.email is None):
        raise InputError("subject_id, email: give one of the two")
    declared(vault, body.activity)
    subject = body.subject_id or vault.subject_for_intake(work, "email", body.email or "", by=who,
                                                          activity=body.activity)  # fmt: skip
    added = receipts.record(
        vault, work, subject, body.activity, body.options, granted=body.granted, via=body.via,
        at=aware(body.at, "at"), form_url=body.form_url, lang=body.lang, soft_opt_in=body.soft_opt_in, by=who,
    )  # fmt: skip
    return {"receipts": [r.as_dict() for r in added]}


@router.get("/subjects/{subject_id}/consents")
def read_consents(subject_id: str, vault: VaultDep, work: Work, who: Who) -> dict[str, Any]:
    """The subject's consent now and every receipt, for the activities the caller may read."""
    require_read(who)
    vault.get_subject(work, subject_id, by=who)  # visible at all, and audited
    mine = [r for r in receipts.history(work, subject_id) if who.may("read", r.activity)]
    return {"current": receipts.state_of(mine), "receipts": [r.as_dict() for r in mine]}


@router.get("/audiences/{activity}")
def read_audience(
    activity: str,
    vault: VaultDep,
    work: Work,
    who: Who,
    running: RuntimeDep,
    option: str | None = None,
    at: datetime | None = None,
) -> list[dict[str, object]]:
    """Who may be contacted now for the activity (and option), each with an unsubscribe link. Audited."""
    from waarborg.consent.audience import audience
    from waarborg.core.timeutil import now

    declared(vault, activity)
    members = audience(vault, work, activity, option, aware(at, "at") or now(), by=who)
    base = running.public_url
    return [member.as_dict(base) for member in members]
