"""The one place where the error tree becomes HTTP: ``{"error": ..., "detail": ...}``."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from waarborg.core.errors import RecordError, WaarborgError


def _kind(error: Exception) -> str:
    name = type(error).__name__
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_").removesuffix("_error")


def install(app: FastAPI) -> None:
    @app.exception_handler(WaarborgError)
    async def waarborg_error(request: Request, error: WaarborgError) -> Response:
        if not request.url.path.startswith("/api/"):
            return _page(request, error)
        body: dict[str, object] = {"error": _kind(error), "detail": error.message}
        if isinstance(error, RecordError):
            body["problems"] = [{"field": field, "reason": reason} for field, reason in error.problems]
        return JSONResponse(body, status_code=error.http_status)

    @app.exception_handler(RequestValidationError)
    async def request_invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        problems = [
            {"field": ".".join(str(p) for p in e["loc"] if p != "body"), "reason": e["msg"]} for e in error.errors()
        ]  # pydantic's messages name the field and the expected type, not the submitted value
        detail = "; ".join(f"{p['field']}: {p['reason']}" for p in problems)
        return JSONResponse({"error": "input", "detail": detail, "problems": problems}, status_code=422)


def _page(request: Request, error: WaarborgError) -> Response:
    """The same error as a page, for people: the office's sign-in when the session has ended."""
    from waarborg.core.errors import UnauthorisedError
    from waarborg.web import pagekit
    from waarborg.web.words import WORDS

    if isinstance(error, UnauthorisedError) and request.url.path.startswith("/office"):
        return pagekit.redirect("/office/login")
    vault = request.app.state.vault
    lang = pagekit.lang_of(request, vault)
    return pagekit.page(request, vault, "error.html.j2", error.http_status, title=WORDS[lang]["error"],
                        problem=error.message)  # fmt: skip
