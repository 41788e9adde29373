"""What every JSON body and path parameter must be before a handler sees it: text that can be stored (no lone
surrogates, no NUL), numbers a database and a JSON client can hold, task numbers within a database integer.
A body that breaks one is answered 422 naming the place, as any other invalid body."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, ConfigDict, model_validator

LARGEST = 2**53  # the largest integer a JSON client (JavaScript) holds exactly; far beyond any real value
TaskId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The task's number.")]  # an INTEGER column


class Input(BaseModel):
    """Base of the API's request bodies: unknown keys refused, every nested value checked (see module)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        problem = _first_problem(value, "body")
        if problem is not None:
            raise ValueError(problem)
        return value


def _first_problem(value: Any, where: str) -> str | None:
    if isinstance(value, str):
        return _text_problem(value, where)
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and not -LARGEST <= value <= LARGEST:
        return f"{where}: a number beyond ±2^53"
    if isinstance(value, float) and value != value:  # NaN
        return f"{where}: not a number"
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(key, str) and (found := _text_problem(key, f"{where}.{key}")):
            return found
        found = _first_problem(item, f"{where}.{key}")
        if found is not None:
            return found
    return None


def _text_problem(text: str, where: str) -> str | None:
    if "\x00" in text:
        return f"{where}: text with a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return f"{where}: text that is not valid Unicode (a lone surrogate)"
    return None


class Problem(BaseModel):
    field: str
    reason: str


class ErrorOut(BaseModel):
    """Every error answer: a kind (``input``, ``not_found``, ``forbidden``, ``too_many``, ...) and a sentence
    that names fields, never submitted values; for invalid input one problem per field."""

    error: str
    detail: str
    problems: list[Problem] | None = None


def _error(meaning: str) -> dict[str, Any]:
    return {"model": ErrorOut, "description": meaning}


ERRORS: dict[int | str, dict[str, Any]] = {
    401: _error("No credentials, or unknown, expired or revoked ones."),
    403: _error("Known caller, not allowed this (another activity, no read access)."),
    404: _error("What the path or body names does not exist."),
    409: _error("Valid, but the register or the law does not allow it now."),
    413: _error("The body is larger than the server takes."),
    422: _error("Invalid input: one problem per field."),
    429: _error("Too many attempts; the Retry-After header says when to come back."),
    502: _error("The mail server did not take a message (nothing is lost: it is retried)."),
}
