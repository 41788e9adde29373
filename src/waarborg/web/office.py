"""The privacy office: staff sign in (with the second factor where set) and work by role.

The privacy officer (DPO) works the request queue, sorted by deadline with due-soon and overdue marked (here),
a request's page and actions (``office_requests``), the register's lint findings and the retention forecast
(here), the breach register (``office_breaches``), the audit trail (``office_audit``) and the discovery scans
(``office_discovery``). Every role can look a person up by e-mail address, seeing only what the role may (an
instructor: their own participants); every look is audited by the vault.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from babel.dates import format_date
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from waarborg.access import sessions
from waarborg.access.users import DPO
from waarborg.core.errors import WaarborgError
from waarborg.core.timeutil import now
from waarborg.register.types import tr
from waarborg.retention.forecast import forecast
from waarborg.rights import casefile, clock, requests
from waarborg.vault.service import Vault
from waarborg.web import pagekit
from waarborg.web.office_kit import COOKIE, checked, day, lang_of, officer, page, staff, vault_of, words

router = APIRouter(prefix="/office", include_in_schema=False)
SOON = 7

__all__ = ["COOKIE", "router"]


# --- signing in ------------------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, problem: str | None = None) -> HTMLResponse:
    vault = vault_of(request)
    anchor, new = pagekit.form_anchor(request)
    response = pagekit.page(
        request,
        vault,
        "office_login.html.j2",
        title=words(request)["login"],
        csrf=pagekit.csrf(vault.ring.session_key, anchor),
        problem=problem,
    )
    if new:
        pagekit.set_cookie(response, request, pagekit.FORM_COOKIE, anchor, None)
    return response


@router.post("/login")
async def login(request: Request) -> Response:
    vault, form = vault_of(request), await pagekit.form_of(request)
    pagekit.check_csrf(vault.ring.session_key, request.cookies.get(pagekit.FORM_COOKIE), form)
    await pagekit.limit(request, "signin", f"user:{form.get('username', '')}")
    try:
        token = await run_in_threadpool(_sign_in, vault, form)
    except WaarborgError:
        return login_page(request, problem=words(request)["login_failed"])
    response = pagekit.redirect("/office")
    pagekit.set_cookie(response, request, COOKIE, token, int(sessions.DEFAULT_TTL.total_seconds()))
    return response


def _sign_in(vault: Vault, form: dict[str, str]) -> str:
    with vault.unit() as unit:
        return vault.sign_in(unit, form.get("username", ""), form.get("password", ""), form.get("code") or None)


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    form = await pagekit.form_of(request)
    await checked(request, form)
    await run_in_threadpool(_end_session, vault_of(request), request.cookies.get(COOKIE, ""))
    response = pagekit.redirect("/office/login")
    response.delete_cookie(COOKIE, path="/")
    return response


def _end_session(vault: Vault, token: str) -> None:
    with vault.unit() as unit:
        sessions.end_session(unit.data, vault.ring.session_key, token)


# --- the queue -------------------------------------------------------------------------------------------


@router.get("", response_class=HTMLResponse)
def queue(request: Request) -> Response:
    vault = vault_of(request)
    if not request.cookies.get(COOKIE):
        return pagekit.redirect("/office/login")
    user, who = staff(request, vault)
    if user.role != DPO:
        return pagekit.redirect("/office/subjects")
    moment, lang = now(), lang_of(request)
    with vault.unit() as unit:
        found = requests.listed(unit)
        contacts = casefile.requesters(vault, unit, [item.id for item in found], who)
    rows = []
    for item in found:
        left = clock.clock(item.due_on, moment)
        mark = "overdue" if left.overdue else "soon" if left.days_left <= SOON else ""
        rows.append(
            {
                "id": item.id,
                "requester": contacts.get(item.id, "—"),
                "received": day(item.received_at, lang),
                "kind": item.kind,
                "status": item.status,
                "due": day(item.due_on, lang),
                "left": left.days_left,
                "mark": mark,
            }
        )
    return page(request, "office_queue.html.j2", pagekit.words_of(vault, lang)["queue"], user, rows=rows)


# --- people, register, forecast ----------------------------------------------------------------------------


@router.get("/subjects", response_class=HTMLResponse)
def find(request: Request, email: str | None = None) -> HTMLResponse:
    vault = vault_of(request)
    user, who = staff(request, vault)
    lang = lang_of(request)
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
    return page(
        request,
        "office_subjects.html.j2",
        pagekit.words_of(vault, lang)["subjects"],
        user,
        email=email or "",
        found=found,
    )


@router.get("/register", response_class=HTMLResponse)
def register_page(request: Request) -> HTMLResponse:
    vault = vault_of(request)
    user, _who = officer(request, vault)
    lang = lang_of(request)
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
    return page(
        request,
        "office_register.html.j2",
        pagekit.words_of(vault, lang)["register"],
        user,
        findings=findings,
        activities=activities,
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
            "where": f"{Path(f.file).name}:{f.line}" if f.line else Path(f.file).name,
            "message": f.message(lang),
        }
        for f in run(load_register(path))
    ]


@router.get("/forecast", response_class=HTMLResponse)
def forecast_page(request: Request) -> HTMLResponse:
    vault = vault_of(request)
    user, _who = officer(request, vault)
    lang = lang_of(request)
    start = now()
    with vault.unit() as unit:
        result = forecast(unit, start, start + timedelta(days=366))
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in result.rows(vault.register):
        table[row["month"]][row["activity"]] += row["records"]
    activities = sorted({a for months in table.values() for a in months})
    peak = max((n for months in table.values() for n in months.values()), default=1)
    rows = [{"month": _month(m, lang), "cells": [table[m].get(a, 0) for a in activities]} for m in sorted(table)]
    labels = [
        tr(vault.register.activities[a].label, lang, a) if a in vault.register.activities else a for a in activities
    ]
    return page(
        request,
        "office_forecast.html.j2",
        pagekit.words_of(vault, lang)["forecast"],
        user,
        labels=labels,
        rows=rows,
        peak=peak,
        overdue=sum(result.overdue.values()),
    )


def _month(iso_month: str, lang: str) -> str:
    """'2027-01' as 'januari 2027' / 'January 2027'."""
    return str(format_date(date.fromisoformat(f"{iso_month}-01"), format="LLLL yyyy", locale=lang))
