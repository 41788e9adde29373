"""The breach register in the office: add a breach, update it, record the notification to the AP (with the
reason when past 72 hours), and tell the people of a high-risk breach; each with its 72-hour clock. The same
library functions as ``waarborg breach ...``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from waarborg.access import breaches
from waarborg.access.breaches import Breach
from waarborg.access.policy import Principal
from waarborg.access.users import StaffUser
from waarborg.core.errors import InputError
from waarborg.core.timeutil import now, parse_time
from waarborg.rights import casefile
from waarborg.vault import breach_mail
from waarborg.vault.service import Vault
from waarborg.web import pagekit
from waarborg.web.api import runtime_of
from waarborg.web.office_kit import checked, flash, lang_of, moment, officer, page, vault_of, words

router = APIRouter(prefix="/office", include_in_schema=False)
PROBLEMS = ("description", "activities", "risk", "decision", "aware-at", "reference", "late-reason", "at")


def _problem(t: dict[str, str], error: InputError) -> str:
    """An input error in the reader's words, by the field it names."""
    name = error.message.split(":", 1)[0]
    return t[f"breach_bad_{name.replace('-', '_')}"] if name in PROBLEMS else f"{t['action_failed']} {error.message}"


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _when(text: str, what: str) -> Any:
    """A moment from a form (``datetime-local``: Amsterdam time), or now when left empty."""
    return parse_time(text.strip(), what, past=True) if text.strip() else now()


def _row(vault: Vault, breach: Breach, lang: str) -> dict[str, Any]:
    state = breaches.clock(breach)
    return {
        "id": breach.id,
        "aware": moment(breach.aware_at, lang),
        "deadline": moment(state.deadline, lang),
        "state": state.state,
        "clock": state.describe(lang),
        "summary": breach.description,
        "risk": breach.risk,
        "activities": [casefile.activity_label(vault.register, a, lang) for a in breach.activities],
    }


def _activities(vault: Vault, lang: str) -> list[tuple[str, str]]:
    return [(key, casefile.activity_label(vault.register, key, lang)) for key in vault.register.activities]


# --- the register and a new breach -------------------------------------------------------------------------


@router.get("/breaches", response_class=HTMLResponse)
def breaches_page(request: Request, message: str | None = None) -> HTMLResponse:
    user, _who = officer(request, vault_of(request))
    return _list(request, user, message=flash(request, message))


def _list(request: Request, user: StaffUser, *, problem: str | None = None, message: str | None = None,
          given: dict[str, str] | None = None, status: int = 200) -> HTMLResponse:  # fmt: skip
    vault, lang = vault_of(request), lang_of(request)
    with vault.unit() as unit:
        rows = [_row(vault, b, lang) for b in reversed(breaches.all_breaches(unit.data))]
    form = {"description": "", "activities": "", "fields": "", "risk": "risk", "decision": "", "aware_at": "",
            **(given or {})}  # fmt: skip
    return page(request, "office_breaches.html.j2", words(request)["breaches"], user, rows=rows, form=form,
                activities=_activities(vault, lang), problem=problem, message=message, status=status)  # fmt: skip


async def _posted(request: Request) -> tuple[dict[str, str], list[str], StaffUser, Principal]:
    """The form, with every ticked activity (a repeated field), and who posted it (the privacy officer)."""
    from urllib.parse import parse_qs

    body = (await request.body()).decode("utf-8", "replace")
    ticked = parse_qs(body, keep_blank_values=True).get("activity", [])
    form = await pagekit.form_of(request)
    user, who = await checked(request, form, dpo=True)
    return form, ticked, user, who


@router.post("/breaches")
async def add_breach(request: Request) -> Response:
    form, ticked, user, _who = await _posted(request)
    vault = vault_of(request)
    try:
        breach_id = await run_in_threadpool(_add, vault, form, ticked)
    except InputError as error:
        given = {**form, "activities": ",".join(ticked)}
        return await run_in_threadpool(_list, request, user, problem=_problem(words(request), error), given=given,
                                       status=422)  # fmt: skip
    return pagekit.redirect(f"/office/breaches/{breach_id}?message=breach_added")


def _add(vault: Vault, form: dict[str, str], ticked: list[str]) -> int:
    with vault.unit() as unit:
        breach = breaches.record_breach(
            unit.data,
            aware_at=_when(form.get("aware_at", ""), "aware-at"),
            description=form.get("description", ""),
            activities=ticked,
            fields=_split(form.get("fields", "")),
            risk=form.get("risk", ""),
            known_activities=set(vault.register.activities),
            decision=form.get("decision") or None,
        )
        return breach.id


# --- one breach ------------------------------------------------------------------------------------------


@router.get("/breaches/{breach_id}", response_class=HTMLResponse)
def one_breach(request: Request, breach_id: int, message: str | None = None, message_lang: str = "") -> HTMLResponse:
    user, _who = officer(request, vault_of(request))
    return _detail(request, user, breach_id, message=flash(request, message), draft_lang=message_lang)


def _detail(request: Request, user: StaffUser, breach_id: int, *, problem: str | None = None,
            message: str | None = None, draft_lang: str = "", status: int = 200) -> HTMLResponse:  # fmt: skip
    vault, lang = vault_of(request), lang_of(request)
    draft_lang = draft_lang if draft_lang in ("nl", "en") else lang
    with vault.unit() as unit:
        breach = breaches.get(unit.data, breach_id)
        subjects, records = vault.count_affected(unit, breach.activities, breach.fields)
        row = _row(vault, breach, lang)
        draft = breaches.draft(vault.register, breach, draft_lang) if breach.risk == "high" else None
        details = {
            "fields": ", ".join(casefile.any_field_label(vault.register, f, lang) for f in breach.fields),
            "decision": breach.decision or "",
            "reported": moment(breach.reported_at, lang) if breach.reported_at else None,
            "reference": breach.reference or "",
            "late_reason": breach.late_reason or "",
            "messaged": moment(breach.messaged_at, lang) if breach.messaged_at else None,
            "messaged_count": breach.messaged_count or 0,
            "late": now() > breach.aware_at + breaches.DEADLINE,
        }
        form = {"description": breach.description, "activities": ",".join(breach.activities),
                "fields": ",".join(breach.fields), "risk": breach.risk, "decision": details["decision"]}  # fmt: skip
    title = f"{words(request)['breach']} {breach_id}"
    return page(request, "office_breach.html.j2", title, user, b=row, d=details, subjects=subjects, records=records,
                draft=draft, draft_lang=draft_lang, form=form, activities=_activities(vault, lang), problem=problem,
                message=message, status=status)  # fmt: skip


@router.post("/breaches/{breach_id}/{action}")
async def breach_action(request: Request, breach_id: int, action: str) -> Response:
    form, ticked, user, who = await _posted(request)
    vault = vault_of(request)
    if action not in ("update", "report", "message"):
        raise InputError(f"'{action}' is not something a breach can do")
    try:
        await run_in_threadpool(_breach_act, vault, runtime_of(request).send, breach_id, action, form, ticked, who)
    except InputError as error:
        return await run_in_threadpool(_detail, request, user, breach_id, problem=_problem(words(request), error),
                                       status=422)  # fmt: skip
    return pagekit.redirect(f"/office/breaches/{breach_id}?message=breach_{action}")


def _breach_act(vault: Vault, send: Any, breach_id: int, action: str, form: dict[str, str], ticked: list[str],
                who: Principal) -> None:  # fmt: skip
    if action == "message":
        breach_mail.send_message(vault, send, breach_id, form.get("lang", "nl"), by=who)
        return
    with vault.unit() as unit:
        if action == "update":
            breaches.update(unit.data, breach_id, description=form.get("description", ""), activities=ticked,
                            fields=_split(form.get("fields", "")), risk=form.get("risk", ""),
                            known_activities=set(vault.register.activities),
                            decision=form.get("decision") or None)  # fmt: skip
        else:
            breaches.report(unit.data, breach_id, at=_when(form.get("at", ""), "at"),
                            reference=form.get("reference", ""),
                            late_reason=form.get("late_reason", "").strip() or None)  # fmt: skip
