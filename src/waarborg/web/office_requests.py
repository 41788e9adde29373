"""A request in the privacy office: who asked, what is held, its steps as sentences, its tasks, and the
actions. An erasure is carried out only after a confirmation page that shows what it will remove and keep;
an access package the PII guard holds is masked or released (with a reason) here. The actions call the same
library functions as ``waarborg request ...``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from waarborg.access import policy
from waarborg.access.policy import Principal
from waarborg.access.users import DPO, StaffUser
from waarborg.core.errors import ForbiddenError, InputError, RefusedError, WaarborgError
from waarborg.core.timeutil import now
from waarborg.rights import casefile, fulfil, requests
from waarborg.rights.casefile import CaseFile
from waarborg.rights.fulfil import Send
from waarborg.rights.preview import erasure_preview
from waarborg.rights.steps import Steps
from waarborg.rights.work import Instructions
from waarborg.vault import tasks
from waarborg.vault.service import Vault
from waarborg.web import pagekit
from waarborg.web.api import runtime_of
from waarborg.web.inputs import TaskId
from waarborg.web.office_kit import actor_word, checked, day, flash, lang_of, moment, officer, page, vault_of, words

router = APIRouter(prefix="/office", include_in_schema=False)
ACTIONS = ("verify", "extend", "fulfil", "mask", "release", "close", "refuse")
REQUEST_PAGE = "office_request.html.j2"
NEEDS_REASON = ("verify", "extend", "release", "close", "refuse")


@dataclass(frozen=True)
class Form:
    """What an action's form carried."""

    reason: str = ""
    answer: str = ""
    field: str = ""
    value: str = ""
    confirmed: bool = False


def _form(posted: dict[str, str]) -> Form:
    return Form(
        posted.get("reason", "").strip(),
        posted.get("answer", "").strip(),
        posted.get("field", "").strip(),
        posted.get("value", ""),
        posted.get("confirmed") == "yes",
    )


# --- reading ---------------------------------------------------------------------------------------------


def _context(vault: Vault, request_id: str, lang: str, who: Principal) -> dict[str, Any]:
    """Everything the request page (and the confirmation page) shows."""
    at = now()
    with vault.unit() as unit:
        view = requests.show(unit, request_id)
        case = casefile.case_file(vault, unit, request_id, lang, who)
        preview = (
            erasure_preview(vault, unit, request_id, lang, at)
            if view.kind == "erasure" and view.status in requests.OPEN
            else None
        )
    steps = Steps(vault.register, lang)
    shown = view.as_dict(at)
    return {
        "r": shown,
        "received": day(view.received_at, lang),
        "due": day(view.due_on, lang),
        "verified_how": steps.verified_how(view.verified_how) if view.verified_how else None,
        "channel": steps.channel(view.channel),
        "steps": [
            {"at": moment(s.at, lang), "actor": actor_word(pagekit.words_of(vault, lang), s.actor), "text": s.text}
            for s in steps.lines(view)
        ],
        "tasks": [{**t.as_dict(at), "due": day(t.due_at, lang)} for t in view.tasks],
        "case": case,
        "asked": _asked(vault, case, lang),
        "preview": preview,
        "flags": _flags(vault, case, lang),
        "correctable": _correctable(vault, case, lang) if view.kind == "rectification" else [],
    }


def _asked(vault: Vault, case: CaseFile, lang: str) -> dict[str, Any]:
    """The request's details in the reader's words: activities by label, corrections by field label."""
    details, register = case.details, vault.register
    activity = details.get("activity")
    changes = details.get("changes") or {}
    return {
        "activities": [casefile.activity_label(register, a, lang) for a in details.get("activities") or []],
        "changes": [
            (
                casefile.field_label(register, activity, name, lang)
                if activity
                else casefile.any_field_label(register, name, lang),
                value,
            )
            for name, value in changes.items()
        ],
        "no_contact": bool(details.get("no_contact")),
        "direct_marketing": bool(details.get("direct_marketing")),
        "text": details.get("text") or "",
        "grounds": details.get("grounds") or "",
    }


def _flags(vault: Vault, case: CaseFile, lang: str) -> list[dict[str, Any]]:
    t = pagekit.words_of(vault, lang)
    return [
        {
            "activity": casefile.activity_label(vault.register, f.activity, lang),
            "field": casefile.field_label(vault.register, f.activity, f.field, lang),
            "kind": t.get(f"pii_{f.kind}", f.kind),
            "count": f.count,
        }
        for f in case.flags
    ]


def _correctable(vault: Vault, case: CaseFile, lang: str) -> list[tuple[str, str]]:
    """The fields a correction may name: those of the activities held (key, label)."""
    found: dict[str, str] = {}
    for held in case.held:
        spec = vault.register.activities.get(held.activity)
        for name in spec.fields if spec else {}:
            found.setdefault(name, casefile.field_label(vault.register, held.activity, name, lang))
    return sorted(found.items(), key=lambda item: item[1].lower())


def _title(t: dict[str, str], shown: dict[str, Any], received: str) -> str:
    return f"{t['kind_' + str(shown['type'])]} · {received}"


def _show(request: Request, request_id: str, user: StaffUser, who: Principal, *, template: str = REQUEST_PAGE,
          message: str | None = None, problem: str | None = None, status: int = 200) -> HTMLResponse:  # fmt: skip
    vault, lang = vault_of(request), lang_of(request)
    context = _context(vault, request_id, lang, who)
    title = _title(words(request), context["r"], context["received"])
    return page(request, template, title, user, message=message, problem=problem, status=status, **context)


@router.get("/requests/{request_id}", response_class=HTMLResponse)
def one_request(request: Request, request_id: str, message: str | None = None) -> HTMLResponse:
    user, who = officer(request, vault_of(request))
    return _show(request, request_id, user, who, message=flash(request, message))


@router.get("/requests/{request_id}/confirm", response_class=HTMLResponse)
def confirm_erasure(request: Request, request_id: str) -> HTMLResponse:
    """The second step of an erasure: what it will remove and keep, and the button that carries it out."""
    user, who = officer(request, vault_of(request))
    with vault_of(request).unit() as unit:
        kind = requests.require(unit, request_id).kind
    if kind != "erasure":
        return _show(request, request_id, user, who)
    return _show(request, request_id, user, who, template="office_confirm.html.j2")


# --- acting ----------------------------------------------------------------------------------------------


@router.post("/requests/{request_id}/{action}")
async def act(request: Request, request_id: str, action: str) -> Response:
    posted = await pagekit.form_of(request)
    user, who = await checked(request, posted, dpo=True)
    given, t = _form(posted), words(request)
    if action not in ACTIONS:
        raise ForbiddenError(f"'{action}' is not something a request can do")
    if action in NEEDS_REASON and not given.reason:
        problem = t[f"needs_reason_{action}"]
        return await run_in_threadpool(_show, request, request_id, user, who, problem=problem, status=422)
    vault = vault_of(request)
    if action == "fulfil" and await run_in_threadpool(_is_erasure, vault, request_id) and not given.confirmed:
        return pagekit.redirect(f"/office/requests/{request_id}/confirm")
    try:
        await run_in_threadpool(_act, vault, runtime_of(request).send, request_id, action, given, who)
    except WaarborgError as error:
        problem = f"{t['action_failed']} {error.message}"
        return await run_in_threadpool(_show, request, request_id, user, who, problem=problem, status=error.http_status)
    return pagekit.redirect(f"/office/requests/{request_id}?message={action}")


def _is_erasure(vault: Vault, request_id: str) -> bool:
    with vault.unit() as unit:
        return requests.require(unit, request_id).kind == "erasure"


def _status(vault: Vault, request_id: str) -> str:
    with vault.unit() as unit:
        return requests.require(unit, request_id).status


def _act(vault: Vault, send: Send, request_id: str, action: str, given: Form, who: Principal) -> None:
    """One action, by the same library call as ``waarborg request <action>``."""
    if action == "verify":
        with vault.unit() as unit:
            requests.verify_by_staff(vault, unit, request_id, given.reason, by=who)
    elif action == "extend":
        fulfil.extend(vault, send, request_id, given.reason, by=who)
    elif action == "fulfil":
        fulfil.fulfil(vault, send, request_id, by=who, given=_instructions(given))
    elif action in ("mask", "release"):
        flagged = Instructions(mask_flagged=True) if action == "mask" else Instructions(release_flagged=given.reason)
        if _status(vault, request_id) == "waiting":  # the package is made when the tasks' answer goes
            fulfil.close(vault, send, request_id, by=who, given=flagged)
        else:
            fulfil.fulfil(vault, send, request_id, by=who, given=flagged)
    elif action == "close":
        fulfil.close(vault, send, request_id, by=who, override=given.reason)
    else:
        fulfil.refuse(vault, send, request_id, given.reason, by=who)


def _instructions(given: Form) -> Instructions:
    if given.field and not given.value.strip():
        raise InputError("value: give the right value of the field to correct")
    changes = {given.field: given.value} if given.field else None
    return Instructions(changes=changes, answer=given.answer or None)


@router.post("/tasks/{task_id}/{status}")
async def close_task(request: Request, task_id: TaskId, status: str) -> Response:
    posted = await pagekit.form_of(request)
    vault = vault_of(request)
    user, who = await checked(request, posted)
    note = posted.get("note", "")
    back, message = await run_in_threadpool(
        _close_task, vault, runtime_of(request).send, task_id, status, note, user, who
    )
    return pagekit.redirect(f"/office/requests/{back}?message={message}" if back else "/office")


def _close_task(
    vault: Vault, send: Send, task_id: int, status: str, note: str, user: StaffUser, who: Principal
) -> tuple[str | None, str]:
    """Close the task; answer its request when it was the last. An answer the library holds back (flagged text
    in an access package) waits on the request page, where the officer masks or releases it."""
    with vault.unit() as unit:
        task = tasks.require(unit, task_id)
        if user.role != DPO and task.owner not in (user.username, user.role):
            raise ForbiddenError(f"task {task_id} is for {task.owner}")
        closed = tasks.close(vault, unit, task_id, "done" if status == "done" else "refused", note, by=who)
        request_id = closed.request_id
    try:
        fulfil.close_if_done(vault, send, request_id, by=policy.operator(who.actor))
    except RefusedError:
        return request_id, "task_answer_held"
    return request_id, "task"
