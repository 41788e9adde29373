"""The one place where the error tree becomes HTTP: ``{"error": ..., "detail": ...}``.

An answer names fields and kinds, never what was submitted: a value from the request's path, query or body
that a message repeats is replaced by the name it came under (``subject <subject_id> not found``), so that
an address typed into the wrong place does not come back in the answer, nor in a proxy's or client's log.
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from waarborg.core.errors import (
    BusyError,
    ForbiddenError,
    InputError,
    NotFoundError,
    RecordError,
    RefusedError,
    TooLargeError,
    TooManyError,
    UnauthorisedError,
    WaarborgError,
)
from waarborg.web import pagekit
from waarborg.web.limits import TOO_LARGE, too_large


def _kind(error: Exception) -> str:
    name = type(error).__name__
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_").removesuffix("_error")


def install(app: FastAPI) -> None:
    @app.exception_handler(WaarborgError)
    async def waarborg_error(request: Request, error: WaarborgError) -> Response:
        if not request.url.path.startswith("/api/"):
            return _page(request, error)
        submitted = _submitted(request)
        body: dict[str, object] = {"error": _kind(error), "detail": _without(error.message, submitted)}
        if isinstance(error, RecordError):
            body["problems"] = [
                {"field": field, "reason": _without(reason, submitted)} for field, reason in error.problems
            ]
        return JSONResponse(body, status_code=error.http_status, headers=_retry(error))

    @app.exception_handler(RequestValidationError)
    async def request_invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        problems = [_problem(e) for e in error.errors()]  # pydantic's messages name the field, not the value
        detail = "; ".join(f"{p['field']}: {p['reason']}" for p in problems)
        return JSONResponse({"error": "input", "detail": detail, "problems": problems}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if request.scope.get(TOO_LARGE):  # the body limit stopped a chunked body while FastAPI read it
            detail = too_large(request.app.state.max_body_bytes)
            return JSONResponse({"error": "too_large", "detail": detail}, status_code=413)
        if error.status_code == 400:  # FastAPI could not read the body (a number of 5000 digits, bad encoding)
            problem = {"field": "body", "reason": "not JSON that can be read"}
            return JSONResponse({"error": "input", "detail": "body: not JSON that can be read",
                                 "problems": [problem]}, status_code=422)  # fmt: skip
        if not request.url.path.startswith("/api/") and error.status_code in (404, 405):
            return _error_page(request, 404, "err_not_found")
        body = {"error": HTTP_KINDS.get(error.status_code, "http"), "detail": str(error.detail)}
        return JSONResponse(body, status_code=error.status_code, headers=error.headers)


HTTP_KINDS = {401: "unauthorised", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 413: "too_large"}


def _problem(error: Any) -> dict[str, str]:
    """One problem of an invalid request: the field's dotted path, or ``body`` and where its JSON breaks off."""
    if error["type"] == "json_invalid":
        at = error["loc"][-1] if isinstance(error["loc"][-1], int) else "?"
        return {"field": "body", "reason": f"not valid JSON (it breaks off at character {at})"}
    return {"field": ".".join(str(p) for p in error["loc"] if p != "body") or "body", "reason": error["msg"]}


def _submitted(request: Request) -> dict[str, str]:
    """What the request carried, value -> the name it came under: path and query parameters, and the leaves
    of a JSON body (read already by then; Starlette keeps it)."""
    found: dict[str, str] = {}
    for name, value in [*request.path_params.items(), *request.query_params.items()]:
        found[str(value)] = name
    raw = getattr(request, "_body", b"")
    with contextlib.suppress(ValueError):
        _leaves(json.loads(raw) if raw else None, "body", found)
    return found


def _leaves(value: Any, name: str, found: dict[str, str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _leaves(item, str(key), found)
    elif isinstance(value, list):
        for item in value:
            _leaves(item, name, found)
    elif isinstance(value, str | int | float) and not isinstance(value, bool):
        found[str(value)] = name


def _without(message: str, submitted: dict[str, str]) -> str:
    for value in sorted(submitted, key=len, reverse=True):
        if len(value) >= 3 and value in message:
            whole = rf"'?(?<![\w@.+-]){re.escape(value)}(?![\w@-])'?"
            message = re.sub(whole, f"<{submitted[value]}>", message)
    return message


def _retry(error: WaarborgError) -> dict[str, str] | None:
    """Retry-After for an error that passes (a rate limit, a busy server)."""
    after = getattr(error, "retry_after", None)
    return None if after is None else {"Retry-After": str(after)}


def _page(request: Request, error: WaarborgError) -> Response:
    """The same error as a page, for people: the office's sign-in when the session has ended; otherwise the
    site's page saying what went wrong in the reader's language (the developer's message stays out)."""
    if isinstance(error, UnauthorisedError) and request.url.path.startswith("/office"):
        return pagekit.redirect("/office/login")
    page = _error_page(request, error.http_status, _word_for(error))
    page.headers.update(_retry(error) or {})
    return page


_PAGE_WORDS: dict[type[WaarborgError], str] = {
    NotFoundError: "err_not_found", ForbiddenError: "err_forbidden", UnauthorisedError: "err_unauthorised",
    TooManyError: "err_too_many", TooLargeError: "err_too_large", BusyError: "err_busy",
}  # fmt: skip


def _word_for(error: WaarborgError) -> str:
    for kind, word in _PAGE_WORDS.items():
        if isinstance(error, kind):
            return word
    if isinstance(error, InputError):
        return "err_input"
    return "err_refused" if isinstance(error, RefusedError) else "err_other"


def _error_page(request: Request, status: int, word: str) -> Response:
    vault = request.app.state.vault
    lang = pagekit.lang_of(request, vault)
    words = pagekit.words_of(vault, lang)
    return pagekit.page(request, vault, "error.html.j2", status, title=words["error"], problem=words[word])
