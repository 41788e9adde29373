"""The privacy office: staff sign in (with the second factor where set) and work by role.

The privacy officer (DPO) works the request queue, sorted by deadline with due-soon and overdue marked, a
request's steps, tasks and actions, the register's lint findings, the retention forecast, the breach register
and the audit trail. Every role can look a person up by e-mail address, seeing only what the role may (an
instructor: their own participants); every look is audited by the vault.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from waarborg.access import audit, breaches, policy, sessions
from waarborg.access.policy import Principal
from waarborg.access.users import DPO, StaffUser
from waarborg.core.errors import ForbiddenError, WaarborgError
from waarborg.core.timeutil import AMSTERDAM, now
from waarborg.register.types import tr
from waarborg.retention.forecast import forecast
from waarborg.rights import clock, fulfil, requests
from waarborg.rights.fulfil import Send
from waarborg.rights.work import Instructions
from waarborg.vault import tasks
from waarborg.vault.service import Vault
from waarborg.web import pagekit
from waarborg.web.api import runtime_of
from waarborg.web.inputs import TaskId
from waarborg.web.words import WORDS

router = APIRouter(prefix="/office", include_in_schema=False)
COOKIE = "wb_office"
SOON = 7


def _vault(request: Request) -> Vault:
    vault: Vault = request.app.state.vault
    return vault


def _staff(request: Request, vault: Vault) -> tuple[StaffUser, Principal]:
    token = request.cookies.get(COOKIE, "")
    with vault.unit() as unit:
        user = sessions.user_for_session(unit.data, vault.ring.session_key, token)
        unit.data.expunge(user)
    return user, policy.for_user(vault.register, user)


def _officer(request: Request, vault: Vault) -> tuple[StaffUser, Principal]:
    user, who = _staff(request, vault)
    if user.role != DPO:
        raise ForbiddenError("this page is for the privacy officer")
    return user, who


def _page(request: Request, template: str, title: str, user: StaffUser, **context: Any) -> HTMLResponse:
    vault = _vault(request)
    csrf = pagekit.csrf(vault.ring.session_key, request.cookies.get(COOKIE, ""))
    return pagekit.page(
        request, vault, template, title=title, user=user, officer=user.role == DPO, csrf=csrf, **context
    )


def _words(request: Request) -> dict[str, str]:
    return WORDS[pagekit.lang_of(request, _vault(request))]


# --- signing in ------------------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, problem: str | None = None) -> HTMLResponse:
    vault = _vault(request)
    anchor, new = pagekit.form_anchor(request)
    response = pagekit.page(
        request,
        vault,
        "office_login.html.j2",
        title=_words(request)["login"],
        csrf=pagekit.csrf(vault.ring.session_key, anchor),
        problem=problem,
    )
    if new:
        pagekit.set_cookie(response, request, pagekit.FORM_COOKIE, anchor, None)
    return response


@router.post("/login")
async def login(request: Request) -> Response:
    vault, form = _vault(request), await pagekit.form_of(request)
    pagekit.check_csrf(vault.ring.session_key, request.cookies.get(pagekit.FORM_COOKIE), form)
    await pagekit.limit(request, "signin", f"user:{form.get('username', '')}")
    try:
        token = await run_in_threadpool(_sign_in, vault, form)
    except WaarborgError as error:
        return login_page(request, problem=error.message)
    response = pagekit.redirect("/office")
    pagekit.set_cookie(response, request, COOKIE, token, int(sessions.DEFAULT_TTL.total_seconds()))
    return response


def _sign_in(vault: Vault, form: dict[str, str]) -> str:
    with vault.unit() as unit:
        return vault.sign_in(unit, form.get("username", ""), form.get("password", ""), form.get("code") or None)


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    form = await pagekit.form_of(request)
    await _checked(request, form)
    await run_in_threadpool(_end_session, _vault(request), request.cookies.get(COOKIE, ""))
    response = pagekit.redirect("/office/login")
    response.delete_cookie(COOKIE, path="/")
    return response


async def _checked(request: Request, form: dict[str, str]) -> tuple[StaffUser, Principal]:
    vault = _vault(request)
    found = await run_in_threadpool(_staff, request, vault)
    pagekit.check_csrf(vault.ring.session_key, request.cookies.get(COOKIE), form)
    return found


def _end_session(vault: Vault, token: str) -> None:
    with vault.unit() as unit:
        sessions.end_session(unit.data, vault.ring.session_key, token)


# --- the queue and a request -----------------------------------------------------------------------------


@router.get("", response_class=HTMLResponse)
def queue(request: Request) -> Response:
    vault = _vault(request)
    if not request.cookies.get(COOKIE):
        return pagekit.redirect("/office/login")
    user, _who = _staff(request, vault)
    if user.role != DPO:
        return pagekit.redirect("/office/subjects")
    moment = now()
    with vault.unit() as unit:
        found = requests.listed(unit)
    rows = []
    for item in found:
        left = clock.clock(item.due_on, moment)
        mark = "overdue" if left.overdue else "soon" if left.days_left <= SOON else ""
        rows.append(
            {
                "id": item.id,
                "kind": item.kind,
                "status": item.status,
                "due": item.due_on.isoformat(),
                "left": left.days_left,
                "mark": mark,
            }
        )
    return _page(request, "office_queue.html.j2", _words(request)["queue"], user, rows=rows)


@router.get("/requests/{request_id}", response_class=HTMLResponse)
def one_request(request: Request, request_id: str, message: str | None = None) -> HTMLResponse:
    vault = _vault(request)
    user, _who = _officer(request, vault)
    with vault.unit() as unit:
        shown = requests.show(unit, request_id).as_dict(now())
    return _page(
        request, "office_request.html.j2", f"{shown['type']} · {shown['due_on']}", user, r=shown, message=message
    )


@router.post("/requests/{request_id}/{action}")
async def act(request: Request, request_id: str, action: str) -> Response:
    form = await pagekit.form_of(request)
    vault = _vault(request)
    user, who = await _checked(request, form)
    if user.role != DPO:
        raise ForbiddenError("requests are worked by the privacy officer")
    await run_in_threadpool(
        _act, vault, runtime_of(request).send, request_id, action, form.get("reason", "").strip(), who
    )
    return pagekit.redirect(f"/office/requests/{request_id}?message={action}")


def _act(vault: Vault, send: Send, request_id: str, action: str, reason: str, who: Principal) -> None:
    if action == "verify":
        with vault.unit() as unit:
            requests.verify_by_staff(vault, unit, request_id, reason, by=who)
    elif action == "extend":
        fulfil.extend(vault, send, request_id, reason, by=who)
    elif action == "fulfil":
        fulfil.fulfil(vault, send, request_id, by=who, given=Instructions(answer=reason or None))
    elif action == "close":
        fulfil.close(vault, send, request_id, by=who, override=reason or None)
    elif action == "refuse":
        fulfil.refuse(vault, send, request_id, reason, by=who)
    else:
        raise ForbiddenError(f"'{action}' is not something a request can do")


@router.post("/tasks/{task_id}/{status}")
async def close_task(request: Request, task_id: TaskId, status: str) -> Response:
    form = await pagekit.form_of(request)
    vault = _vault(request)
    user, who = await _checked(request, form)
    note = form.get("note", "")
    back = await run_in_threadpool(_close_task, vault, runtime_of(request).send, task_id, status, note, user, who)
    return pagekit.redirect(f"/office/requests/{back}" if back else "/office")


def _close_task(
    vault: Vault, send: Send, task_id: int, status: str, note: str, user: StaffUser, who: Principal
) -> str | None:
    with vault.unit() as unit:
        task = tasks.require(unit, task_id)
        if user.role != DPO and task.owner not in (user.username, user.role):
            raise ForbiddenError(f"task {task_id} is for {task.owner}")
        closed = tasks.close(vault, unit, task_id, "done" if status == "done" else "refused", note, by=who)
        request_id = closed.request_id
    fulfil.close_if_done(vault, send, request_id, by=policy.operator(who.actor))
    return request_id


# --- people, register, forecast, breaches, audit -----------------------------------------------------------


@router.get("/subjects", response_class=HTMLResponse)
def find(request: Request, email: str | None = None) -> HTMLResponse:
    vault = _vault(request)
    user, who = _staff(request, vault)
    lang = pagekit.lang_of(request, vault)
    found: list[dict[str, Any]] | None = None
    if email:
        found = []
        with vault.unit() as unit:
            subject = vault.find_subject(unit, "email", email, by=who)
            view = vault.get_subject(unit, subject, by=who) if subject else None
        for record in view.records if view else []:
            spec = vault.register.activities.get(record.activity)
            label = tr(spec.label, lang, record.activity) if spec else record.activity
            fields = [
                (tr(spec.fields[k].label, lang, k) if spec and k in spec.fields else k, v)
                for k, v in (record.values or {}).items()
            ]
            found.append({"activity": label, "status": record.status, "fields": fields})
    return _page(request, "office_subjects.html.j2", WORDS[lang]["subjects"], user, email=email or "", found=found)


@router.get("/register", response_class=HTMLResponse)
def register_page(request: Request) -> HTMLResponse:
    vault = _vault(request)
    user, _who = _officer(request, vault)
    lang = pagekit.lang_of(request, vault)
    findings = _findings(request, lang)
    activities = [
        {
            "key": k,
            "label": tr(a.label, lang, k),
            "basis": a.basis.value,
            "systems": ", ".join(vault.register.systems[s].name for s in a.systems if s in vault.register.systems),
        }
        for k, a in vault.register.activities.items()
    ]
    return _page(
        request, "office_register.html.j2", WORDS[lang]["register"], user, findings=findings, activities=activities
    )


def _findings(request: Request, lang: str) -> list[dict[str, str]] | None:
    path = getattr(request.app.state, "register_path", None)
    if path is None:
        return None
    from waarborg.register.lint import run
    from waarborg.register.loader import load_register

    return [
        {
            "id": f.rule.id,
            "severity": f.severity.value,
            "where": f"{f.file}:{f.line}" if f.line else f.file,
            "message": f.message(lang),
        }
        for f in run(load_register(path))
    ]


@router.get("/forecast", response_class=HTMLResponse)
def forecast_page(request: Request) -> HTMLResponse:
    vault = _vault(request)
    user, _who = _officer(request, vault)
    lang = pagekit.lang_of(request, vault)
    start = now()
    with vault.unit() as unit:
        result = forecast(unit, start, start + timedelta(days=366))
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in result.rows(vault.register):
        table[row["month"]][row["activity"]] += row["records"]
    activities = sorted({a for months in table.values() for a in months})
    peak = max((n for months in table.values() for n in months.values()), default=1)
    rows = [{"month": m, "cells": [table[m].get(a, 0) for a in activities]} for m in sorted(table)]
    labels = [
        tr(vault.register.activities[a].label, lang, a) if a in vault.register.activities else a for a in activities
    ]
    return _page(
        request,
        "office_forecast.html.j2",
        WORDS[lang]["forecast"],
        user,
        labels=labels,
        rows=rows,
        peak=peak,
        overdue=sum(result.overdue.values()),
    )


@router.get("/breaches", response_class=HTMLResponse)
def breaches_page(request: Request) -> HTMLResponse:
    vault = _vault(request)
    user, _who = _officer(request, vault)
    lang = pagekit.lang_of(request, vault)
    with vault.unit() as unit:
        rows = [
            {
                "id": b.id,
                "aware": b.aware_at.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M"),
                "summary": b.description,
                "clock": breaches.clock(b).describe(lang),
            }
            for b in breaches.all_breaches(unit.data)
        ]
    return _page(request, "office_breaches.html.j2", WORDS[lang]["breaches"], user, rows=rows)


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request) -> HTMLResponse:
    vault = _vault(request)
    user, _who = _staff(request, vault)
    role = vault.register.roles.get(user.role)
    if user.role != DPO and not (role and role.audit):
        raise ForbiddenError("the audit trail is for the privacy officer and roles with `audit`")
    with vault.unit() as unit:
        rows = audit.export_rows(unit.data)[-200:]
    return _page(
        request,
        "office_audit.html.j2",
        WORDS[pagekit.lang_of(request, vault)]["audit"],
        user,
        rows=list(reversed(rows)),
    )
