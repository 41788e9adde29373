"""The data-subject portal: the privacy statement, "my data" behind an e-mail link, and the demo pages.

A person asks for a link with their e-mail address: the same answer, after the same work, whether or not it
is known (the mail goes through a queue after the answer), five in five minutes per client and per e-mail
address. The link (30 minutes) works once and signs them in for an hour with a signed cookie; signing out
ends that session on every server. They then see
their data per activity with its retention date, their consents and requests, and can download a copy,
correct a field, change their mailing choices and make a request. Every look is in the audit trail, as the
person themselves.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from datetime import date
from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from waarborg.access import signed
from waarborg.access.policy import Principal, operator
from waarborg.consent import receipts
from waarborg.core.errors import InputError, RefusedError, UnauthorisedError, WaarborgError
from waarborg.core.mail import Mail
from waarborg.core.timeutil import now
from waarborg.register.render import statement_content
from waarborg.register.types import tr
from waarborg.rights import fulfil, intake, package, requests
from waarborg.rights.answers import Writer
from waarborg.runtime import Runtime
from waarborg.vault import guards
from waarborg.vault.service import Vault
from waarborg.web import pagekit, portal_view
from waarborg.web.api import runtime_of

router = APIRouter(include_in_schema=False)
SESSION_COOKIE = "wb_portal"
LINK_ANSWER_FLOOR = 0.05  # seconds: the link page never answers sooner, whatever the address (timing says nothing)


def _vault(request: Request) -> Vault:
    vault: Vault = request.app.state.vault
    return vault


@router.get("/", response_class=HTMLResponse)
def landing(request: Request) -> HTMLResponse:
    """The start page; in the demo also the staff sign-ins and the people to try, each with what they show."""
    vault = _vault(request)
    register = vault.register
    lang = pagekit.lang_of(request, vault)
    demo = getattr(request.app.state, "demo", None) or {}
    labels = {
        "roles": {"dpo": pagekit.words_of(vault, lang)["demo_role_dpo"],
                  **{k: tr(r.label, lang, k) for k, r in register.roles.items()}},
        "activities": {k: tr(a.label, lang, k) for k, a in register.activities.items()},
        "options": {k: {o: tr(c.label, lang, o) for o, c in a.consent.options.items()}
                    for k, a in register.activities.items() if a.consent is not None},
    }  # fmt: skip
    return pagekit.page(
        request, vault, "landing.html.j2", lang=lang, title=register.organisation.name, labels=labels,
        signins=demo.get("signins", []), people=demo.get("people", []), breach=demo.get("breach"),
        held=any(p.get("hold") for p in demo.get("people", [])),
    )  # fmt: skip


@router.get("/static/waarborg.css")
def stylesheet() -> Response:
    css = resources.files("waarborg.web").joinpath("static/waarborg.css").read_text(encoding="utf-8")
    return Response(css, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


@router.get("/privacy", response_class=HTMLResponse)
def statement(request: Request) -> HTMLResponse:
    """The privacy statement inside the site's page: its header, navigation and language switch."""
    vault = _vault(request)
    lang = pagekit.lang_of(request, vault)
    content = Markup(statement_content(vault.register, lang))  # the renderer escapes every value
    title = tr(vault.register.statement.title, lang) or pagekit.words_of(vault, lang)["statement"]
    return pagekit.page(request, vault, "statement_page.html.j2", title=title, content=content, lang=lang)


@router.get("/demo/cookies", response_class=HTMLResponse)
def demo_cookies(request: Request) -> HTMLResponse:
    vault = _vault(request)
    lang = pagekit.lang_of(request, vault)
    response = pagekit.page(request, vault, "demo_cookies.html.j2", title=pagekit.words_of(vault, lang)["demo_cookies"])
    response.headers["Content-Security-Policy"] = pagekit.CSP + "; script-src 'self'; connect-src 'self'"
    return response


# --- signing in ------------------------------------------------------------------------------------------


@router.get("/portal", response_class=HTMLResponse)
def start(request: Request) -> HTMLResponse:
    vault = _vault(request)
    if _subject(request, vault) is not None:
        return pagekit.redirect("/portal/data")  # type: ignore[return-value]
    anchor, new = pagekit.form_anchor(request)
    lang = pagekit.lang_of(request, vault)
    response = pagekit.page(
        request,
        vault,
        "portal_start.html.j2",
        title=pagekit.words_of(vault, lang)["start_title"],
        csrf=pagekit.csrf(vault.ring.session_key, anchor),
    )
    if new:
        pagekit.set_cookie(response, request, pagekit.FORM_COOKIE, anchor, None)
    return response


@router.post("/portal", response_class=HTMLResponse)
async def ask_link(request: Request) -> HTMLResponse:
    vault = _vault(request)
    form = await pagekit.form_of(request)
    pagekit.check_csrf(vault.ring.session_key, request.cookies.get(pagekit.FORM_COOKIE), form)
    started = time.monotonic()
    await pagekit.limit(request, "portal", f"email:{form.get('email', '')}")
    lang = pagekit.lang_of(request, vault)
    await run_in_threadpool(_send_link, vault, runtime_of(request), form.get("email", ""), lang)
    await asyncio.sleep(max(0.0, LINK_ANSWER_FLOOR - (time.monotonic() - started)))
    words = pagekit.words_of(vault, lang)
    return pagekit.page(request, vault, "error.html.j2", title=words["sent_title"], message=words["sent_text"])


def _send_link(vault: Vault, running: Runtime, email: str, lang: str) -> None:
    """Known or not, the same steps: look the address up, sign a link, write the mail, hand it to the queue
    (which drops it for an unknown address). No answer and no timing tells whether the address is held."""
    try:
        address = vault.normalise_identifier("email", email)
    except WaarborgError:
        address = ""
    with vault.unit() as unit:
        subject = requests.subject_of_email(vault, unit, address) if address else None
    token = signed.make(vault.ring.links_key, signed.PORTAL_LINK, {"s": subject or "-"}, now())
    words = pagekit.words_of(vault, lang)
    text = f"{words['link_mail_text']}\n{running.public_url.rstrip('/')}/portal/t/{token}\n"
    mail = Mail(
        to=address or "-",
        subject=f"{vault.register.organisation.name}: {words['link_mail_subject']}",
        text=text,
        lang=lang,
    )
    running.later.put(mail, deliver=subject is not None)


@router.get("/portal/t/{token}")
def sign_in(request: Request, token: str) -> Response:
    vault = _vault(request)
    try:
        claims = signed.read(vault.ring.links_key, signed.PORTAL_LINK, token, now())
        with vault.unit() as unit:
            fresh = guards.use_once(vault, unit, signed.PORTAL_LINK, token)
    except UnauthorisedError:
        claims, fresh = {}, False
    if not claims or not fresh or claims.get("s") == "-":
        lang = pagekit.lang_of(request, vault)
        return pagekit.page(
            request,
            vault,
            "error.html.j2",
            400,
            title=pagekit.words_of(vault, lang)["error"],
            problem=pagekit.words_of(vault, lang)["link_invalid"],
        )
    session = signed.make(vault.ring.links_key, signed.PORTAL_SESSION, {"s": claims["s"], "n": secrets.token_hex(8)},
                          now())  # fmt: skip
    response = pagekit.redirect("/portal/data")
    pagekit.set_cookie(response, request, SESSION_COOKIE, session, int(signed.PORTAL_SESSION.lifetime.total_seconds()))
    return response


def _subject(request: Request, vault: Vault) -> str | None:
    """The signed-in person, from a session cookie that is valid and was not signed out. Reads the database:
    call it from a worker thread."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    try:
        claims = signed.read(vault.ring.links_key, signed.PORTAL_SESSION, cookie, now())
    except UnauthorisedError:
        return None
    with vault.unit() as unit:
        if guards.is_spent(vault, unit, cookie):
            return None
    return str(claims["s"])


def _require(request: Request, vault: Vault) -> str:
    subject = _subject(request, vault)
    if subject is None:
        raise UnauthorisedError("your session has ended; ask for a new link on the portal page")
    return subject


@router.get("/portal/data", response_class=HTMLResponse)
def my_data(request: Request, message: str | None = None) -> Response:
    vault = _vault(request)
    subject = _subject(request, vault)
    if subject is None:
        return pagekit.redirect("/portal")
    lang = pagekit.lang_of(request, vault)
    return _data_page(request, vault, subject, lang, message=_notice(vault, lang, message))


def _data_page(
    request: Request,
    vault: Vault,
    subject: str,
    lang: str,
    *,
    message: str | None = None,
    form_problem: portal_view.FormProblem | None = None,
) -> HTMLResponse:
    """The person's data page; with ``form_problem`` (422) the form they sent comes back with what was wrong.
    Reads the database: call it from a worker thread."""
    return pagekit.page(
        request,
        vault,
        "portal_data.html.j2",
        422 if form_problem else 200,
        title=pagekit.words_of(vault, lang)["portal"],
        lang=lang,
        csrf=pagekit.csrf(vault.ring.session_key, request.cookies[SESSION_COOKIE]),
        message=message,
        form_problem=form_problem,
        **portal_view.overview(vault, subject, lang),
    )


def _notice(vault: Vault, lang: str, message: str | None) -> str | None:
    words = pagekit.words_of(vault, lang)
    if message == "saved":
        return words["choices_saved"]
    if message == "corrected":
        return words["corrected"]
    if message and message.startswith("due:"):
        try:  # a date only: the address bar is not a place to put words on the page
            due_on = date.fromisoformat(message[4:])
        except ValueError:
            return None
        return f"{words['request_made']} {Writer(vault.register, lang).day(due_on)}."
    return None


@router.post("/portal/consent")
async def change_consent(request: Request) -> Response:
    vault, form = _vault(request), await pagekit.form_of(request)
    subject = await _checked(request, vault, form)
    lang = pagekit.lang_of(request, vault)
    await run_in_threadpool(_consent, vault, subject, form, lang)
    return pagekit.redirect("/portal/data?message=saved")


def _consent(vault: Vault, subject: str, form: dict[str, str], lang: str) -> None:
    with vault.unit() as unit:
        state = receipts.current(unit, subject)
        for key, spec in vault.register.activities.items():
            if spec.consent is None or (key not in state and not any(f.startswith(f"opt:{key}:") for f in form)):
                continue
            by = Principal(f"subject:{subject}", frozenset({"add"}), frozenset({key}))
            options = list(spec.consent.options) or [receipts.WHOLE]
            wanted = {o for o in options if form.get(f"opt:{key}:{o}") == "1"}
            now_on = {o for o, yes in state.get(key, {}).items() if yes}
            if wanted - now_on:
                receipts.record(
                    vault, unit, subject, key, sorted(wanted - now_on), granted=True, via="portal", lang=lang, by=by
                )
            if now_on - wanted:
                receipts.record(
                    vault, unit, subject, key, sorted(now_on - wanted), granted=False, via="portal", lang=lang, by=by
                )


async def _checked(request: Request, vault: Vault, form: dict[str, str]) -> str:
    subject = await run_in_threadpool(_require, request, vault)
    pagekit.check_csrf(vault.ring.session_key, request.cookies.get(SESSION_COOKIE), form)
    return subject


def _email(vault: Vault, subject: str) -> str:
    with vault.unit() as unit:
        who = vault.identifiers_of(unit, [subject]).get(subject, {})
    if "email" not in who:
        raise UnauthorisedError("no e-mail address is held for you; write to us instead")
    return who["email"]


PORTAL_KINDS = ("erasure", "restriction", "objection", "portability", "access")
"""The requests the portal's form offers (a correction has its own form)."""


@router.post("/portal/request")
async def make_request(request: Request) -> Response:
    vault, form = _vault(request), await pagekit.form_of(request)
    subject = await _checked(request, vault, form)
    kind = form.get("kind", "")
    running, lang = runtime_of(request), pagekit.lang_of(request, vault)
    if kind not in PORTAL_KINDS:
        problem = portal_view.FormProblem("request", pagekit.words_of(vault, lang)["bad_kind"])
        return await run_in_threadpool(_data_page, request, vault, subject, lang, form_problem=problem)
    details: dict[str, Any] = {}
    if kind == "erasure" and form.get("no_contact") == "1":
        details["no_contact"] = True
    if kind == "objection":
        details["direct_marketing"] = True
    opened = await run_in_threadpool(_open, vault, running, subject, kind, details, lang)
    return pagekit.redirect(f"/portal/data?message=due:{opened.request.due_on.isoformat()}")


def _open(vault: Vault, running: Runtime, subject: str, kind: str, details: dict[str, Any], lang: str) -> intake.Opened:
    by = Principal("portal:request", frozenset())
    return intake.intake(
        vault,
        running.send,
        kind,
        _email(vault, subject),
        base_url=running.public_url,
        by=by,
        channel="portal",
        lang=lang,
        details=details,
        verified="signed in to the portal with an e-mail link",
    )


@router.post("/portal/correct")
async def correct(request: Request) -> Response:
    """A correction: carried out at once for a field the register lets the person correct themselves (what
    they supplied); any other field becomes a rectification request that staff review. A value the register
    does not allow opens nothing: the page comes back with the reason next to the form."""
    vault, form = _vault(request), await pagekit.form_of(request)
    subject = await _checked(request, vault, form)
    field, activity = form.get("field", ""), form.get("activity", "")
    details = {"changes": {field: form.get("value", "")}, "activity": activity}
    lang = pagekit.lang_of(request, vault)
    running = runtime_of(request)
    try:
        opened = await run_in_threadpool(_open, vault, running, subject, "rectification", details, lang)
    except InputError as error:  # raised before anything is stored or mailed
        problem = portal_view.correction_problem(vault, error, activity, field, lang)
        return await run_in_threadpool(_data_page, request, vault, subject, lang, form_problem=problem)
    to_staff = pagekit.redirect(f"/portal/data?message=due:{opened.request.due_on.isoformat()}")
    if not _self_correct(vault, activity, field):
        return to_staff
    try:
        await run_in_threadpool(fulfil.fulfil, vault, running.send, opened.request.id,
                                by=operator("portal:rectification"))  # fmt: skip
    except RefusedError:  # e.g. a number another person holds: the open request goes to staff instead
        return to_staff
    return pagekit.redirect("/portal/data?message=corrected")


def _self_correct(vault: Vault, activity: str, field: str) -> bool:
    spec = vault.register.activities.get(activity)
    return spec is not None and field in spec.fields and spec.fields[field].self_correct


@router.post("/portal/download")
async def download(request: Request) -> Response:
    vault, form = _vault(request), await pagekit.form_of(request)
    subject = await _checked(request, vault, form)
    lang = pagekit.lang_of(request, vault)
    archive = await run_in_threadpool(_package, vault, subject, lang)
    name = f"{vault.register.organisation.name.split()[0].lower()}-{lang}.zip"
    return Response(
        archive,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


def _package(vault: Vault, subject: str, lang: str) -> bytes:
    with vault.unit() as unit:
        view = vault.get_subject(unit, subject, by=portal_view.me(subject))
        held = package.Holdings(
            view, receipts.history(unit, subject), requests.listed(unit, closed=True, subject_id=subject)
        )
    return package.access(vault.register, held, lang, "portal", now(), pdf=False).zip()


@router.post("/portal/sign-out")
async def sign_out(request: Request) -> Response:
    vault, form = _vault(request), await pagekit.form_of(request)
    await _checked(request, vault, form)
    await run_in_threadpool(_end_session, vault, request.cookies[SESSION_COOKIE])
    response = pagekit.redirect("/portal")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _end_session(vault: Vault, cookie: str) -> None:
    with vault.unit() as unit:
        guards.use_once(vault, unit, signed.PORTAL_SESSION, cookie)
