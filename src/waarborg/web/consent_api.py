"""Consent over HTTP: record a grant or withdrawal (a website's form, a preferences page), read the state."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import Field

from waarborg.access.policy import Principal
from waarborg.consent import receipts
from waarborg.core.errors import InputError
from waarborg.vault.service import Unit, Vault
from waarborg.web.api import Authorization, aware, declared, in_one_unit, require_read, runtime_of
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
async def record_consent(body: ConsentIn, request: Request, authorization: Authorization = None) -> dict[str, Any]:
    """Add receipts for a grant or withdrawal; withdrawing the last option is an unsubscribe."""
    if body.options is not None and not body.options:
        raise InputError("options: name at least one option, or leave it out for all")
    if (body.subject_id is None) == (body.email is None):
        raise InputError("subject_id, email: give one of the two")

    def job(vault: Vault, work: Unit, who: Principal) -> dict[str, Any]:
        declared(vault, body.activity)
        subject = body.subject_id or vault.subject_for_intake(work, "email", body.email or "", by=who,
                                                              activity=body.activity)  # fmt: skip
        added = receipts.record(
            vault, work, subject, body.activity, body.options, granted=body.granted, via=body.via,
            at=aware(body.at, "at"), form_url=body.form_url, lang=body.lang, soft_opt_in=body.soft_opt_in, by=who,
        )  # fmt: skip
        return {"receipts": [r.as_dict() for r in added]}

    return await in_one_unit(request, authorization, job)


@router.get("/subjects/{subject_id}/consents")
async def read_consents(subject_id: str, request: Request, authorization: Authorization = None) -> dict[str, Any]:
    """The subject's consent now and every receipt, for the activities the caller may read."""

    def job(vault: Vault, work: Unit, who: Principal) -> dict[str, Any]:
        require_read(who)
        vault.get_subject(work, subject_id, by=who)  # visible at all, and audited
        mine = [r for r in receipts.history(work, subject_id) if who.may("read", r.activity)]
        return {"current": receipts.state_of(mine), "receipts": [r.as_dict() for r in mine]}

    return await in_one_unit(request, authorization, job)


@router.get("/audiences/{activity}")
async def read_audience(
    activity: str, request: Request, option: str | None = None, at: datetime | None = None,
    authorization: Authorization = None,
) -> list[dict[str, object]]:  # fmt: skip
    """Who may be contacted now for the activity (and option), each with an unsubscribe link. Audited."""
    from waarborg.consent.audience import audience
    from waarborg.core.timeutil import now

    base = runtime_of(request).public_url

    def job(vault: Vault, work: Unit, who: Principal) -> list[dict[str, object]]:
        declared(vault, activity)
        members = audience(vault, work, activity, option, aware(at, "at") or now(), by=who)
        return [member.as_dict(base) for member in members]

    return await in_one_unit(request, authorization, job)
