"""Cookie consent for websites: the banner's content, the visitor's choice, and the banner script.

Public endpoints (a website's visitors have no key): they hold no personal data beyond an anonymous id that
the browser makes up, which is stored hashed. The script is served from here so that sites embed one line:
``<script src="https://privacy.example.nl/static/waarborg-consent.js" data-lang="nl" defer></script>``.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import Field
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from waarborg.consent import cookies
from waarborg.consent.cookies import VISITOR_PATTERN
from waarborg.core.errors import NotFoundError
from waarborg.core.timeutil import now
from waarborg.vault.service import Unit, Vault
from waarborg.web.api import VaultDep, in_unit
from waarborg.web.inputs import ERRORS, Input

router = APIRouter(tags=["cookies"], responses=ERRORS)
SCRIPT = files("waarborg.web").joinpath("static/waarborg-consent.js")


VisitorId = Annotated[
    str, Field(pattern=VISITOR_PATTERN, description="The random id the banner made for this browser.")
]


class ChoiceIn(Input):
    visitor: str = Field(
        min_length=16,
        max_length=64,
        pattern=VISITOR_PATTERN,
        description="The random id the banner made for this browser.",
    )
    choices: dict[str, bool] = Field(max_length=10, description="Per category: accepted or not.")
    version: str = Field(max_length=64, description="The banner version that was shown.")
    lang: Literal["nl", "en"] = "nl"


@router.get("/api/v1/cookies/banner")
def read_banner(vault: VaultDep, lang: Literal["nl", "en"] = "nl") -> dict[str, Any]:
    """What the banner shows: texts, categories with their cookies, and the version a choice must name."""
    return cookies.banner(vault.register, lang)


@router.post("/api/v1/cookies/consent", status_code=201)
async def record_choice(body: ChoiceIn, request: Request) -> dict[str, Any]:
    """Store a visitor's choice; answers when it lapses (then the banner asks again)."""

    def job(vault: Vault, work: Unit) -> dict[str, Any]:
        return cookies.record(
            work.data, vault.register, body.visitor, body.choices, body.lang, body.version, now()
        ).as_dict()

    return await in_unit(request, job)


@router.get("/api/v1/cookies/consent/{visitor}")
async def read_choice(
    visitor: Annotated[str, Path(min_length=16, max_length=64, pattern=VISITOR_PATTERN)],
    request: Request,
    lang: Literal["nl", "en"] = "nl",
) -> dict[str, Any]:
    """The visitor's choice in force; 404 when there is none (never asked, lapsed, or the banner changed)."""

    def job(vault: Vault, work: Unit) -> dict[str, Any]:
        found = cookies.current(work.data, vault.register, visitor, lang, now())
        if found is None:
            raise NotFoundError("no choice in force: show the banner")
        return found.as_dict()

    return await in_unit(request, job)


@router.get("/static/waarborg-consent.js", include_in_schema=False)
def banner_script() -> Response:
    return Response(
        SCRIPT.read_text(encoding="utf-8"),
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )


def allowed_origin(vault: Vault, origin: str | None) -> str | None:
    """The register's website may call the cookie endpoints from its pages (CORS); nobody else."""
    website = vault.register.organisation.website
    if not origin or not website:
        return None
    parts = urlsplit(website)
    return origin if origin == f"{parts.scheme}://{parts.netloc}" else None


class CookieCors:
    """CORS for /api/v1/cookies/ only: the banner runs on the organisation's own website. Plain ASGI: every
    other request passes straight through, without the task and streams of an ``http`` middleware."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/v1/cookies/"):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        origin = allowed_origin(scope["app"].state.vault, request.headers.get("origin"))
        allowed = _cors_headers(origin)
        if request.method == "OPTIONS":
            await Response(status_code=204 if origin else 403, headers=allowed)(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(allowed)
            await send(message)

        await self.app(scope, receive, with_headers)


def _cors_headers(origin: str | None) -> dict[str, str]:
    if not origin:
        return {}
    return {"Access-Control-Allow-Origin": origin, "Access-Control-Allow-Methods": "GET, POST",
            "Access-Control-Allow-Headers": "Content-Type", "Vary": "Origin"}  # fmt: skip
