"""Value types of the register language: bilingual text, periods, promises and the closed vocabularies."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from waarborg.core.periods import Period, Promise

LANGUAGES = ("nl", "en")


class Lang(StrEnum):
    nl = "nl"
    en = "en"


def _text(value: Any) -> dict[str, str]:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("text may not be empty")
        return {"*": value}
    if isinstance(value, dict):
        unknown = [k for k in value if k not in LANGUAGES]
        if unknown:
            raise ValueError(f"'{unknown[0]}' is not a language; texts take the keys 'nl' and 'en'")
        if not value:
            raise ValueError("text needs 'nl', 'en' or both")
        for lang, text in value.items():
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"the '{lang}' text must be non-empty text")
        return {str(k): str(v) for k, v in value.items()}
    raise ValueError(f"expected text or {{nl: ..., en: ...}}, got {type(value).__name__}")


_TEXT_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "description": "The same text in every language (names, addresses)."},
        {
            "type": "object",
            "properties": {"nl": {"type": "string"}, "en": {"type": "string"}},
            "additionalProperties": False,
            "minProperties": 1,
        },
    ]
}

Text = Annotated[
    dict[str, str],
    BeforeValidator(_text),
    PlainSerializer(lambda v: v["*"] if set(v) == {"*"} else v),
    WithJsonSchema(_TEXT_SCHEMA),
]
"""Human-readable text: a plain string (the same in every language) or ``{nl: ..., en: ...}``."""


def tr(text: dict[str, str] | None, lang: str, fallback: str = "") -> str:
    """The text in ``lang``; else the text in any language; else ``fallback``."""
    if not text:
        return fallback
    return text.get(lang) or text.get("*") or next(iter(text.values()))


def _period(value: Any) -> Period:
    if isinstance(value, Period):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO 8601 period such as P1Y or P4W, got {value!r}")
    return Period.parse(value)


PeriodField = Annotated[
    Period,
    BeforeValidator(_period),
    PlainSerializer(str),
    WithJsonSchema({"type": "string", "pattern": r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$", "examples": ["P4W"]}),
]


def period_or(*words: str) -> tuple[BeforeValidator, PlainSerializer, WithJsonSchema]:
    """Validators for a period or one of a few fixed words (``as_long_as_necessary``, ``session``)."""

    def parse(value: Any) -> Period | str:
        if isinstance(value, str) and value in words:
            return value
        try:
            return _period(value)
        except ValueError:
            alternatives = " or ".join(f"'{w}'" for w in words)
            raise ValueError(
                f"{value!r} is neither an ISO 8601 period (P4W, P1Y, P26M, P14D) nor {alternatives}"
            ) from None

    pattern = {"type": "string", "pattern": r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$"}
    return (
        BeforeValidator(parse),
        PlainSerializer(str),
        WithJsonSchema({"anyOf": [pattern, {"enum": list(words)}]}),
    )


def _promise(value: Any) -> Promise:
    if isinstance(value, Promise):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a response time such as '4 weeks', got {value!r}")
    return Promise.parse(value)


PromiseField = Annotated[
    Promise,
    BeforeValidator(_promise),
    PlainSerializer(str),
    WithJsonSchema({"type": "string", "examples": ["4 weeks", "10 working days", "one month"]}),
]


def as_list(value: Any) -> Any:
    """Accept a single item where a list is expected."""
    return [value] if isinstance(value, str | dict) else value


class Basis(StrEnum):
    """Art 6(1) AVG."""

    consent = "consent"
    contract = "contract"
    legal_obligation = "legal_obligation"
    vital_interests = "vital_interests"
    public_task = "public_task"
    legitimate_interests = "legitimate_interests"


class Right(StrEnum):
    access = "access"
    rectification = "rectification"
    erasure = "erasure"
    restriction = "restriction"
    portability = "portability"
    objection = "objection"
    withdraw_consent = "withdraw_consent"
    human_review = "human_review"
    complaint = "complaint"


class Action(StrEnum):
    delete = "delete"
    anonymise = "anonymise"
    minimise = "minimise"


class Mechanism(StrEnum):
    """How a transfer outside the EEA is made lawful (Chapter V AVG), and mechanisms that no longer are."""

    adequacy = "adequacy"
    dpf = "dpf"
    scc = "scc"
    bcr = "bcr"
    derogation = "derogation"
    scc_2010 = "scc_2010"
    privacy_shield = "privacy_shield"
    safe_harbour = "safe_harbour"


class CookieCategory(StrEnum):
    strictly_necessary = "strictly_necessary"
    functional = "functional"
    analytics = "analytics"
    marketing = "marketing"
    social = "social"


class ConsentBy(StrEnum):
    """How a cookie banner takes consent."""

    opt_in = "opt_in"
    close_notice = "close_notice"
    continue_browsing = "continue_browsing"
    browser_settings = "browser_settings"
    none = "none"


class Channel(StrEnum):
    email = "email"
    sms = "sms"
    phone = "phone"
    post = "post"
    portal = "portal"
    web_form = "web_form"
    paper = "paper"
    unsubscribe_link = "unsubscribe_link"
    preferences_page = "preferences_page"
    in_person = "in_person"
