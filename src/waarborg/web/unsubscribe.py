"""The one-click unsubscribe pages: GET shows a confirmation (Dutch or English), only POST unsubscribes.

Mail scanners that open links in advance therefore unsubscribe no one. A mail client that supports
RFC 8058 POSTs ``List-Unsubscribe=One-Click`` to the same address. A replay changes nothing: a person who
has already unsubscribed gets the same answer and no second receipt. The pages are the site's own (the
Jinja templates, the stylesheet, the strict CSP) and their words follow the register's tone.
"""

from __future__ import annotations

from typing import Annotated, Any
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
from waarborg.web import pagekit

router = APIRouter(tags=["unsubscribe"], include_in_schema=False)


def _lang(request: Request, asked: str | None, accept: str | None) -> str:
    if asked in pagekit.LANGS:
        return str(asked)
    register_lang = request.app.state.vault.register.statement.language.value
    if accept:
        first = accept.split(",")[0].strip().lower()
        if first[:2] in pagekit.LANGS:
            return first[:2]
    return str(register_lang) if register_lang in pagekit.LANGS else "nl"


def link_page(request: Request, lang: str, page: str, says: str, status: int = 200, *, button: bool = False,
              **values: Any) -> HTMLResponse:  # fmt: skip
    """A page behind a link in a mail: ``page`` names its words (``<page>_title``, ``<page>_<says>``,
    ``<page>_button`` when it asks for a press), filled with ``values``."""
    vault: Vault = request.app.state.vault
    words = pagekit.words_of(vault, lang)
    return pagekit.page(
        request, vault, "link_page.html.j2", status, lang=lang, title=words[f"{page}_title"],
        text=words[f"{page}_{says}"].format(org=vault.register.organisation.name, **values),
        button=words[f"{page}_button"] if button else "",
    )  # fmt: skip


async def posted_lang(request: Request, accept_language: str | None) -> str:
    """The language of a confirmation POST: its form field, else the browser's, else the statement's."""
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    return _lang(request, form.get("lang", [""])[0] or None, accept_language)


def _what(vault: Vault, link: links.Link, lang: str) -> str:
    spec = vault.register.activities.get(link.activity)
    label = tr(spec.label, lang, link.activity) if spec else link.activity
    if spec is None or spec.consent is None or link.option not in spec.consent.options:
        return pagekit.words_of(vault, lang)["unsub_all"].format(activity=label)
    return f"'{tr(spec.consent.options[link.option].label, lang, link.option)}' ({label})"


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
        return link_page(request, chosen, "unsub", "invalid", 400)
    vault: Vault = request.app.state.vault
    return link_page(request, chosen, "unsub", "ask", button=True, what=_what(vault, link, chosen))


@router.post("/u/{token}", response_class=HTMLResponse)
async def unsubscribe(
    request: Request, token: str, accept_language: Annotated[str | None, Header()] = None
) -> HTMLResponse:
    """Withdraw the option (or all); also the RFC 8058 one-click POST of mail clients (its body,
    ``List-Unsubscribe=One-Click``, needs no reading: the link itself says what to do)."""
    return await run_in_threadpool(_withdraw, request, token, await posted_lang(request, accept_language))


def _withdraw(request: Request, token: str, chosen: str) -> HTMLResponse:
    try:
        link = _link(request, token)
    except UnauthorisedError:
        return link_page(request, chosen, "unsub", "invalid", 400)
    vault: Vault = request.app.state.vault
    what = _what(vault, link, chosen)
    by = Principal(f"link:{link.subject_id}", frozenset({"add"}), frozenset({link.activity}))
    try:
        with vault.unit() as unit:
            options = receipts.chosen(vault.register, link.activity, [link.option])
            held = receipts.current(unit, link.subject_id).get(link.activity, {})
            if not any(held.get(option, False) for option in options):
                return link_page(request, chosen, "unsub", "already", what=what)
            receipts.record(vault, unit, link.subject_id, link.activity, options, granted=False,
                            via="unsubscribe_link", lang=chosen, by=by)  # fmt: skip
    except NotFoundError:
        return link_page(request, chosen, "unsub", "gone", 410)
    return link_page(request, chosen, "unsub", "done", what=what)


def _question(request: Request, token: str, lang: str) -> tuple[int, str, str] | HTMLResponse:
    from waarborg.consent import notices

    try:
        notice_id, subject_id, reply = notices.read_answer(request.app.state.vault, token, now())
    except UnauthorisedError:
        return link_page(request, lang, "answer", "invalid", 400)
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
    found = _question(request, token, chosen)
    if isinstance(found, HTMLResponse):
        return found
    notice_id, _subject, reply = found
    with vault.unit() as unit:
        notice = unit.data.get(NoticeMessage, notice_id)
        activity = notice.activity if notice else None
    spec = vault.register.activities.get(activity or "")
    if spec is None or spec.notice is None:
        return link_page(request, chosen, "answer", "gone", 410)
    consent = receipts.wording(spec, spec.notice.ask, chosen)[0] if spec.notice.ask and spec.consent else ""
    return link_page(request, chosen, "answer", reply, button=True, consent=consent)


@router.post("/n/{token}", response_class=HTMLResponse)
async def record_answer(
    request: Request, token: str, accept_language: Annotated[str | None, Header()] = None
) -> HTMLResponse:
    return await run_in_threadpool(_answer, request, token, await posted_lang(request, accept_language))


def _answer(request: Request, token: str, chosen: str) -> HTMLResponse:
    from waarborg.consent import notices

    vault: Vault = request.app.state.vault
    found = _question(request, token, chosen)
    if isinstance(found, HTMLResponse):
        return found
    notice_id, subject_id, reply = found
    try:
        with vault.unit() as unit:
            fresh = notices.answer(vault, unit, notice_id, subject_id, reply, now())
    except NotFoundError:
        return link_page(request, chosen, "answer", "gone", 410)
    return link_page(request, chosen, "answer", "done" if fresh else "already")
