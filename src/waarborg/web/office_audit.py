"""The audit trail in the office: filtered by person (an e-mail address, looked up and audited), request,
actor and kind, newest first, fifty entries a page with links to newer and older ones (keyset paging on the
trail's indexes: ``audit.page``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from waarborg.access import audit, breaches, events
from waarborg.rights import casefile
from waarborg.web.office_kit import actor_word, auditor, lang_of, moment, page, vault_of, words

router = APIRouter(prefix="/office", include_in_schema=False)
KINDS = sorted({*events.KINDS, casefile.RequestRead.kind, breaches.BreachMessaged.kind})


def kind_word(t: dict[str, str], kind: str) -> str:
    return t.get("audit_" + kind.replace(".", "_"), kind)


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    email: str = "",
    subject: str = "",
    request_id: str = "",
    actor: str = "",
    kind: str = "",
    before: int | None = None,
    after: int | None = None,
) -> HTMLResponse:
    vault = vault_of(request)
    user, who = auditor(request, vault)
    t, lang = words(request), lang_of(request)
    problem = None
    with vault.unit() as unit:
        if email.strip():
            subject = vault.find_subject(unit, "email", email.strip(), by=who) or ""
            problem = None if subject else t["audit_unknown_person"]
        wanted = audit.Filter(subject or None, request_id.strip() or None, actor.strip() or None, kind or None)
        found = (
            audit.page(unit.data, wanted, before=before, after=after) if problem is None else audit.Page([], None, None)
        )
        rows = [_row(t, lang, entry) for entry in found.entries]
    kept = {"subject": subject, "request_id": request_id.strip(), "actor": actor.strip(), "kind": kind}
    filters = {k: v for k, v in kept.items() if v}
    links = {
        "newer": f"/office/audit?{urlencode({**filters, 'after': found.newer})}" if found.newer else None,
        "older": f"/office/audit?{urlencode({**filters, 'before': found.older})}" if found.older else None,
    }
    kinds = sorted(((k, kind_word(t, k)) for k in KINDS), key=lambda item: item[1].lower())
    return page(request, "office_audit.html.j2", t["audit"], user, rows=rows, links=links, kinds=kinds,
                given={**kept, "email": email}, problem=problem)  # fmt: skip


def _row(t: dict[str, str], lang: str, entry: audit.AuditEntry) -> dict[str, Any]:
    what = kind_word(t, entry.kind)
    step = entry.payload.get("step") if entry.kind == events.RequestStepped.kind else None
    if isinstance(step, str):
        what = f"{what}: {t.get('step_' + step, step.replace('_', ' '))}"
    return {
        "seq": entry.seq,
        "at": moment(entry.at, lang),
        "actor": actor_word(t, entry.actor),
        "actor_key": entry.actor,
        "what": what,
        "subject": entry.subject_id,
        "request": entry.request_id,
    }
