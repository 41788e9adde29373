"""Requests over HTTP: the website's (or portal's) form takes a request in, the person confirms it.

``POST /api/v1/requests`` needs no key (anyone may ask) and answers the same whether or not the address is
known, so it reveals nothing; it is limited to five requests per client address per hour. The confirmation
link in the mail opens ``/r/<token>``: GET shows a button, only POST confirms (mail scanners open links).
``POST /api/v1/requests/<id>/confirm`` takes the code from the mail instead.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Request
from fastapi.responses import HTMLResponse
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from waarborg.access.policy import Principal
from waarborg.core.errors import TooManyError, WaarborgError
from waarborg.core.timeutil import now
from waarborg.rights import clock, intake, verification
from waarborg.rights import requests as stored
from waarborg.rights.answers import Writer
from waarborg.vault.service import Vault
from waarborg.web import pagekit
from waarborg.web.api import RuntimeDep, VaultDep
from waarborg.web.inputs import ERRORS, Input
from waarborg.web.unsubscribe import _lang, link_page, posted_lang

router = APIRouter(tags=["requests"], responses=ERRORS)


class RequestIn(Input):
    type: Literal[tuple(clock.KINDS)] = Field(description="The right the person uses.")  # type: ignore[valid-type]
    email: str = Field(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$",
                       description="Where the confirmation and the answer go.")  # fmt: skip
    lang: Literal["nl", "en"] | None = None
    details: dict[str, Any] | None = Field(None, description="Per type: activities, changes, no_contact, text, ...")


class CodeIn(Input):
    code: str = Field(min_length=6, max_length=6, pattern=r"^\d{6}$")


@router.post("/api/v1/requests", status_code=202)
def open_request(body: RequestIn, request: Request, vault: VaultDep, running: RuntimeDep) -> dict[str, object]:
    """Take a request in and mail the receipt with a confirmation link and code to the given address."""
    if not pagekit.allow(request, "intake"):
        raise TooManyError("too many requests from this address; try again in an hour", retry_after=3600)
    by = Principal("web:request-form", frozenset())  # not the client address: that is personal data
    opened = intake.intake(
        vault,
        running.send,
        body.type,
        body.email,
        base_url=running.public_url,
        by=by,
        channel="web_form",
        lang=body.lang,
        details=body.details,
    )
    result = opened.as_dict()
    result.pop("mail")  # whether mail went out says nothing the person needs, and the failure is in the steps
    return result


@router.post("/api/v1/requests/{request_id}/confirm")
def confirm_code(
    request_id: str, body: CodeIn, request: Request, vault: VaultDep, running: RuntimeDep
) -> dict[str, object]:
    """Confirm with the six-digit code from the mail (five tries per code)."""
    if not pagekit.allow(request, "confirm", f"request:{request_id}"):
        raise TooManyError("too many attempts from this address; try again in an hour", retry_after=3600)
    with vault.unit() as unit:  # committed whatever the code was: a wrong code counts
        check = verification.confirm_code(vault, unit, request_id, body.code, now(), running.public_url)
        answer: dict[str, object] = {
            "id": check.request.id,
            "status": check.request.status,
            "due_on": check.request.due_on.isoformat(),
        }
    check.settle(running.later.put)
    return answer


@router.get(verification.PATH + "{token}", response_class=HTMLResponse, include_in_schema=False)
def confirm_page(
    request: Request, token: str, lang: str | None = None, accept_language: Annotated[str | None, Header()] = None
) -> HTMLResponse:
    """What is being confirmed, with a button; nothing changes until it is pressed."""
    vault: Vault = request.app.state.vault
    try:
        request_id, _number = verification.read_link(vault, token, now())
        with vault.unit() as unit:
            found = stored.require(unit, request_id)
            kind, chosen = found.kind, _lang(request, lang or found.lang, accept_language)
    except WaarborgError:
        chosen = _lang(request, lang, accept_language)
        return link_page(request, chosen, "confirm", "invalid", 400)
    kind_words = Writer(vault.register, chosen).kind(kind)
    return link_page(request, chosen, "confirm", "ask", button=True, kind=kind_words)


@router.post(verification.PATH + "{token}", response_class=HTMLResponse, include_in_schema=False)
async def confirm_link(
    request: Request, token: str, accept_language: Annotated[str | None, Header()] = None
) -> HTMLResponse:
    return await run_in_threadpool(_confirm, request, token, await posted_lang(request, accept_language))


def _confirm(request: Request, token: str, chosen: str) -> HTMLResponse:
    vault: Vault = request.app.state.vault
    try:
        with vault.unit() as unit:
            confirmed = verification.confirm_link(vault, unit, token, now())
            due_on = confirmed.due_on
    except WaarborgError:
        return link_page(request, chosen, "confirm", "invalid", 400)
    return link_page(request, chosen, "confirm", "done", day=Writer(vault.register, chosen).day(due_on))
