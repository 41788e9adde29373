"""The one-click unsubscribe pages: GET shows a confirmation (Dutch or English), only POST unsubscribes.

Mail scanners that open links in advance therefore unsubscribe no one. A mail client that supports
RFC 8058 POSTs ``List-Unsubscribe=One-Click`` to the same address. A replay changes nothing: a person who
has already unsubscribed gets the same answer and no second receipt.
"""

from __future__ import annotations

from html import escape
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Header, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from waarborg.access.policy import Principal
from waarborg.consent import links, receipts
from waarborg.core.errors import NotFoundError, UnauthorisedError
from waarborg.core.timeutil import now
from waarborg.register.types import tr
from waarborg.vault.service import Vault

router = APIRouter(tags=["unsubscribe"], include_in_schema=False)

TEXT = {
    "nl": {
        "title": "Afmelden",
        "ask": "Wil je je afmelden voor {what} van {org}?",
        "button": "Ja, afmelden",
        "done": "Je bent afgemeld voor {what}. Je ontvangt deze berichten niet meer.",
        "already": "Je was al afgemeld voor {what}.",
        "invalid": "Deze afmeldlink is niet geldig. Gebruik de link uit het laatste bericht of schrijf ons.",
        "gone": "Wij hebben geen gegevens meer van je voor deze berichten.",
        "all": "al onze berichten van '{activity}'",
        "other": "English",
    },
    "en": {
        "title": "Unsubscribe",
        "ask": "Do you want to unsubscribe from {what} of {org}?",
        "button": "Yes, unsubscribe",
        "done": "You have been unsubscribed from {what}. You will no longer receive these messages.",
        "already": "You had already unsubscribed from {what}.",
        "invalid": "This unsubscribe link is not valid. Use the link in our latest message, or write to us.",
        "gone": "We no longer hold any data of yours for these messages.",
        "all": "all our messages of '{activity}'",
        "other": "Nederlands",
    },
}
CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"


def _lang(request: Request, asked: str | None, accept: str | None) -> str:
    if asked in TEXT:
        return str(asked)
    register_lang = request.app.state.vault.register.statement.language.value
    if accept:
        first = accept.split(",")[0].strip().lower()
        if first[:2] in TEXT:
            return first[:2]
    return str(register_lang) if register_lang in TEXT else "nl"


def _page(lang: str, body: str, status: int = 200, other: str = "") -> HTMLResponse:
    words = TEXT[lang]
    switch = f'<p><a href="?lang={"en" if lang == "nl" else "nl"}">{words["other"]}</a></p>' if other else ""
    html = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{words["title"]}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}
button{{font-size:1.1rem;padding:.6rem 1.2rem;border:2px solid #1a4d8f;background:#1a4d8f;color:#fff}}
button:focus{{outline:3px solid #f3b700;outline-offset:2px}}</style></head>
<body><main><h1>{words["title"]}</h1>{body}{switch}</main></body></html>"""
    return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": CSP, "Cache-Control": "no-store"})


def _confirm_form(lang: str, label: str) -> str:
    """One button that POSTs back to the same address: the only way anything is recorded."""
    return (f'<form method="post"><input type="hidden" name="lang" value="{lang}">'
            f'<button type="submit" name="confirm" value="1">{label}</button></form>')  # fmt: skip


async def _posted_lang(request: Request, accept_language: str | None) -> str:
    """The language of a confirmation POST: its form field, else the browser's, else the statement's."""
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    return _lang(request, form.get("lang", [""])[0] or None, accept_language)


def _what(vault: Vault, link: links.Link, lang: str) -> str:
    spec = vault.register.activities.get(link.activity)
    label = tr(spec.label, lang, link.activity) if spec else link.activity
    if spec is None or spec.consent is None or link.option not in spec.consent.options:
        return escape(TEXT[lang]["all"].format(activity=label))
    return escape(f"'{tr(spec.consent.options[link.option].label, lang, link.option)}' ({label})")


def _link(request: Request, token: str) -> links.Link:
    vault: Vault = request.app.state.vault
    return links.read(vault.ring.links_key, token, now())


@router.get("/u/{token}", response_class=HTMLResponse)
def confirm(
    request: Request, token: str, lang: str | None = None, accept_language: Annotated[str | None, Header()] = None
) -> HTMLResponse:
    """A confirmation page; nothing changes until the button is pressed."""
    chosen = _lang(request, lang, accept_language)
    try:
        link = _link(request, token)
    except UnauthorisedError:
        return _page(chosen, f"<p>{TEXT[chosen]['invalid']}</p>", 400, other="yes")
    vault: Vault = request.app.state.vault
    ask = TEXT[chosen]["ask"].format(what=_what(vault, link, chosen), org=escape(vault.register.organisation.name))
    return _page(chosen, f"<p>{ask}</p>{_confirm_form(chosen, TEXT[chosen]['button'])}", other="yes")


@router.post("/u/{token}", response_class=HTMLResponse)
async def unsubscribe(
    request: Request, token: str, accept_language: Annotated[str | None, Header()] = None
) -> HTMLResponse:
    """Withdraw the option (or all); also the RFC 8058 one-click POST of mail clients (its body,
    ``List-Unsubscribe=One-Click``, needs no reading: the link itself says what to do)."""
    return await run_in_threadpool(_withdraw, request, token, await _posted_lang(request, accept_language))


def _withdraw(request: Request, token: str, chosen: str) -> HTMLResponse:
    try:
        link = _link(request, token)
    except UnauthorisedError:
        return _page(chosen, f"<p>{TEXT[chosen]['invalid']}</p>", 400)
    vault: Vault = request.app.state.vault
    what = _what(vault, link, chosen)
    by = Principal(f"link:{link.subject_id}", frozenset({"add"}), frozenset({link.activity}))
    try:
        with vault.unit() as unit:
            options = receipts.chosen(vault.register, link.activity, [link.option])
            held = receipts.current(unit, link.subject_id).get(link.activity, {})
            if not any(held.get(option, False) for option in options):
                return _page(chosen, f"<p>{TEXT[chosen]['already'].format(what=what)}</p>")
            receipts.record(vault, unit, link.subject_id, link.activity, options, granted=False,
                            via="unsubscribe_link", lang=chosen, by=by)  # fmt: skip
    except NotFoundError:
        return _page(chosen, f"<p>{TEXT[chosen]['gone']}</p>", 410)
    return _page(chosen, f"<p>{TEXT[chosen]['done'].format(what=what)}</p>")


ANSWER = {
    "nl": {
        "title": "Je antwoord",
        "yes": "Je geeft {org} toestemming: {consent}",
        "no": "Je geeft {org} geen toestemming; wij benaderen je niet meer.",
        "button": "Bevestigen",
        "done": "Dank je. Wij hebben je antwoord vastgelegd.",
        "already": "Je had deze vraag al beantwoord.",
        "gone": "Deze vraag staat niet meer open.",
        "invalid": "Deze link is niet geldig.",
    },
    "en": {
        "title": "Your answer",
        "yes": "You give {org} your consent: {consent}",
        "no": "You do not give {org} your consent; we will not approach you again.",
        "button": "Confirm",
        "done": "Thank you. We have recorded your answer.",
        "already": "You had already answered this question.",
        "gone": "This question is no longer open.",
        "invalid": "This link is not valid.",
    },
}


def _question(vault: Vault, token: str, lang: str) -> tuple[int, str, str] | HTMLResponse:
    from waarborg.consent import notices

    try:
        notice_id, subject_id, reply = notices.read_answer(vault, token, now())
    except UnauthorisedError:
        return _page(lang, f"<p>{ANSWER[lang]['invalid']}</p>", 400)
    return notice_id, subject_id, reply


@router.get("/n/{token}", response_class=HTMLResponse)
def confirm_answer(
    request: Request, token: str, lang: str | None = None, accept_language: Annotated[str | None, Header()] = None
) -> HTMLResponse:
    """What the answer means, with a button; nothing is recorded until it is pressed."""
    from waarborg.consent import receipts
    from waarborg.vault.tables import NoticeMessage

    chosen = _lang(request, lang, accept_language)
    vault: Vault = request.app.state.vault
    found = _question(vault, token, chosen)
    if isinstance(found, HTMLResponse):
        return found
    notice_id, _subject, reply = found
    with vault.unit() as unit:
        notice = unit.data.get(NoticeMessage, notice_id)
        activity = notice.activity if notice else None
    spec = vault.register.activities.get(activity or "")
    if spec is None or spec.notice is None:
        return _page(chosen, f"<p>{ANSWER[chosen]['gone']}</p>", 410)
    consent = receipts.wording(spec, spec.notice.ask, chosen)[0] if spec.notice.ask and spec.consent else ""
    org = escape(vault.register.organisation.name)
    text = ANSWER[chosen][reply].format(org=org, consent=escape(consent))
    return _page(chosen, f"<p>{text}</p>{_confirm_form(chosen, ANSWER[chosen]['button'])}", other="yes")


@router.post("/n/{token}", response_class=HTMLResponse)
async def record_answer(
    request: Request, token: str, accept_language: Annotated[str | None, Header()] = None
) -> HTMLResponse:
    return await run_in_threadpool(_answer, request, token, await _posted_lang(request, accept_language))


def _answer(request: Request, token: str, chosen: str) -> HTMLResponse:
    from waarborg.consent import notices

    vault: Vault = request.app.state.vault
    found = _question(vault, token, chosen)
    if isinstance(found, HTMLResponse):
        return found
    notice_id, subject_id, reply = found
    try:
        with vault.unit() as unit:
            fresh = notices.answer(vault, unit, notice_id, subject_id, reply, now())
    except NotFoundError:
        return _page(chosen, f"<p>{ANSWER[chosen]['gone']}</p>", 410)
    return _page(chosen, f"<p>{ANSWER[chosen]['done' if fresh else 'already']}</p>")
