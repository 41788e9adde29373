"""`POST /api/v1/redact`: the PII guard over HTTP, for a chatbot or form that must not send personal data on."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import Field

from waarborg.pii.redact import redact
from waarborg.web.api import Who
from waarborg.web.inputs import ERRORS, Input

router = APIRouter(prefix="/api/v1", tags=["pii"], responses=ERRORS)


class RedactIn(Input):
    text: str = Field(max_length=200_000)
    mode: Literal["mask", "pseudonym", "report"] = "mask"
    lang: Literal["nl", "en"] = "nl"


@router.post("/redact")
def redact_text(body: RedactIn, who: Who) -> dict[str, Any]:
    """The text with personal data masked (or pseudonymised), and what was found: types, places, confidence.
    Any valid API key or staff token may call it; the text is not stored or logged."""
    done = redact(body.text, body.mode, lang=body.lang)
    return {"text": done.text if body.mode != "report" else body.text, **done.report()}
