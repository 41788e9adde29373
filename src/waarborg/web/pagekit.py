"""What every server-rendered page shares: the Jinja2 templates, the language, signed cookies, CSRF tokens,
the security headers and rate limits. Pages are plain HTML forms: no JavaScript is needed to use them.

Cookies are HttpOnly, SameSite=Lax and Secure when the public address is https. A CSRF token is an HMAC of
the cookie that carries the session (or, before sign-in, of a random form cookie) and the form's purpose;
every POST checks it. The Content-Security-Policy allows only this site's own styles and images.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from typing import Any
from urllib.parse import parse_qs

from babel.dates import format_date
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.concurrency import run_in_threadpool

from waarborg.core.errors import ForbiddenError, TooManyError
from waarborg.core.timeutil import AMSTERDAM
from waarborg.vault.service import Vault
from waarborg.web.words import voiced

LANGS = ("nl", "en")
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
FORM_COOKIE = "wb_form"


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("waarborg.web", "templates"), autoescape=select_autoescape(["html.j2"]),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )  # fmt: skip


def lang_of(request: Request, vault: Vault) -> str:
    """?lang=, then the language cookie, then the browser's first choice, then the statement's."""
    asked = request.query_params.get("lang") or request.cookies.get("wb_lang")
    if asked in LANGS:
        return str(asked)
    accept = request.headers.get("accept-language", "")[:2].lower()
    if accept in LANGS:
        return accept
    own = vault.register.statement.language.value
    return own if own in LANGS else "nl"


def secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


def page(request: Request, vault: Vault, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = context.pop("lang", None) or lang_of(request, vault)
    words = words_of(vault, lang)
    html = (
        environment()
        .get_template(template)
        .render(
            lang=lang,
            t=words,
            org=vault.register.organisation.name,
            path=request.url.path,
            switch=switch_url(request, words["other_code"]),
            day=lambda value: day_words(value, lang),
            **context,
        )
    )
    response = HTMLResponse(html, status_code=status)
    headers(response)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie("wb_lang", lang, max_age=365 * 86400, httponly=True, samesite="lax", secure=secure(request))
    return response


def day_words(value: date | datetime | str, lang: str, width: str = "long") -> str:
    """A date as a reader writes it ("5 december 2026"; ``medium``: "5 dec 2026"), from a date, a moment (its
    day in Amsterdam) or an ISO string."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    elif isinstance(value, datetime):
        value = value.astimezone(AMSTERDAM).date()
    return str(format_date(value, format=width, locale=lang))


def switch_url(request: Request, other: str) -> str:
    """This page in the other language: the same path and query, with ``lang`` set (a one-time ``message``
    after a form is left out: it was said once)."""
    query = request.url.remove_query_params("message").include_query_params(lang=other).query
    return f"{request.url.path}?{query}"


def words_of(vault: Vault, lang: str) -> dict[str, str]:
    """The page words in ``lang``, in the register's tone ('u' or 'je')."""
    return voiced(lang, vault.register.statement.tone == "formal")


def headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def redirect(url: str) -> RedirectResponse:
    response = RedirectResponse(url, status_code=303)
    headers(response)
    return response


def set_cookie(response: Response, request: Request, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="lax", secure=secure(request), path="/")


# --- CSRF ---------------------------------------------------------------------------------------------


def csrf(key: bytes, anchor: str, purpose: str = "form") -> str:
    """The token a form carries: bound to the session (or form cookie) it was shown with."""
    return hmac.new(key, f"{purpose}:{anchor}".encode(), hashlib.sha256).hexdigest()[:40]


def form_anchor(request: Request) -> tuple[str, bool]:
    """The form cookie's value (made now when the browser has none): anchors CSRF before sign-in."""
    value = request.cookies.get(FORM_COOKIE)
    return (value, False) if value else (secrets.token_urlsafe(24), True)


async def form_of(request: Request) -> dict[str, str]:
    """A urlencoded form body (small forms only; the body limit applies)."""
    parsed = parse_qs((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v[-1] for k, v in parsed.items()}


def check_csrf(key: bytes, anchor: str | None, form: Mapping[str, str], purpose: str = "form") -> None:
    given = form.get("csrf", "").encode("utf-8", "replace")  # bytes: a non-ASCII str cannot be compared
    if not anchor or not hmac.compare_digest(given, csrf(key, anchor, purpose).encode()):
        raise ForbiddenError("the form has expired or did not come from this site; reload the page and try again")


# --- rate limits -----------------------------------------------------------------------------------------


def client_of(request: Request) -> str:
    """The client's address: the connection's, or what a proxy the operator trusts (WAARBORG_TRUSTED_PROXIES)
    says; uvicorn trusts no forwarded header otherwise (see ``waarborg serve``)."""
    return request.client.host if request.client else "unknown"


def allow(request: Request, which: str, *also: str) -> bool:
    """Count an attempt for the client address and for ``also`` (a user name, an e-mail address) in the
    database, committed before the attempt is judged; False when one of them is over the limit."""
    from waarborg.vault import guards

    return guards.attempt(request.app.state.vault, which, [f"client:{client_of(request)}", *also])


async def limit(request: Request, which: str, *also: str) -> None:
    if not await run_in_threadpool(allow, request, which, *also):
        raise TooManyError("too many attempts; wait a few minutes and try again")
