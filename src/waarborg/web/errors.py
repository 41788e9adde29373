"""The one place where the error tree becomes HTTP: ``{"error": ..., "detail": ...}``."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from waarborg.core.errors import RecordError, WaarborgError


def _kind(error: Exception) -> str:
    name = type(error).__name__
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_").removesuffix("_error")


def install(app: FastAPI) -> None:
    @app.exception_handler(WaarborgError)
    async def waarborg_error(_request: Request, error: WaarborgError) -> JSONResponse:
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
