"""`POST /api/v1/redact`: the PII guard over HTTP, for a chatbot or form that must not send personal data on."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from waarborg.pii.redact import redact
from waarborg.web.api import Authorization, in_one_unit
from waarborg.web.inputs import ERRORS, Input

router = APIRouter(prefix="/api/v1", tags=["pii"], responses=ERRORS)


class RedactIn(Input):
    text: str = Field(max_length=200_000)
    mode: Literal["mask", "pseudonym", "report"] = "mask"
    lang: Literal["nl", "en"] = "nl"


@router.post("/redact")
async def redact_text(body: RedactIn, request: Request, authorization: Authorization = None) -> dict[str, Any]:
    """The text with personal data masked (or pseudonymised), and what was found: types, places, confidence.
    Any valid API key or staff token may call it; the text is not stored or logged."""
    await in_one_unit(request, authorization, lambda _vault, _work, who: who)  # a known caller; then no unit held

    def masked() -> dict[str, Any]:
        done = redact(body.text, body.mode, lang=body.lang)
        return {"text": done.text if body.mode != "report" else body.text, **done.report()}

    return await run_in_threadpool(masked)
