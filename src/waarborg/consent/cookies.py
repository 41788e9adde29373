"""Cookie consent: the banner's content from the register's cookie table, and each visitor's choice.

The visitor is anonymous: the browser makes up a random id and Waarborg keeps only its SHA-256. A choice
holds the categories accepted (strictly necessary cookies need no consent and are always on), the version of
the banner shown (a hash of the texts and the cookie table: a changed banner asks again), and when it lapses:
12 months after it was made, or earlier when the longest-lived accepted cookie lives shorter.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from waarborg.core.errors import InputError, RefusedError
from waarborg.core.periods import Period
from waarborg.register.due import add_period
from waarborg.register.render.words import Voice
from waarborg.register.schema import Cookie, Register
from waarborg.register.types import CookieCategory, tr
from waarborg.vault.tables import CookieConsent

ASK_AGAIN = Period(months=12)
NECESSARY = CookieCategory.strictly_necessary.value
VISITOR_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"
VISITOR = re.compile(VISITOR_PATTERN)

LABELS = {
    "strictly_necessary": {"nl": "Strikt noodzakelijk", "en": "Strictly necessary"},
    "functional": {"nl": "Functioneel", "en": "Functional"},
    "analytics": {"nl": "Statistieken", "en": "Statistics"},
    "marketing": {"nl": "Marketing", "en": "Marketing"},
    "social": {"nl": "Sociale media", "en": "Social media"},
}
TEXTS = {
    "nl": {
        "title": "Cookies",
        "body": "Wij gebruiken cookies. Kies welke {you} toestaat; {you} kunt {your} keuze later altijd wijzigen.",
        "accept": "Alles accepteren",
        "reject": "Alles weigeren",
        "save": "Keuze opslaan",
        "settings": "Instellingen",
        "always": "altijd aan",
    },
    "en": {
        "title": "Cookies",
        "body": "We use cookies. Choose which ones {you} allow; {you} can always change {your} choice later.",
        "accept": "Accept all",
        "reject": "Reject all",
        "save": "Save choice",
        "settings": "Settings",
        "always": "always on",
    },
}


@dataclass(frozen=True)
class Choice:
    choices: dict[str, bool]
    version: str
    at: datetime
    expires_at: datetime

    def as_dict(self) -> dict[str, Any]:
        return {"choices": self.choices, "version": self.version, "at": self.at.isoformat(),
                "expires_at": self.expires_at.isoformat()}  # fmt: skip


def banner(register: Register, lang: str) -> dict[str, Any]:
    """What the banner shows, in ``lang``, with the version that a choice must name."""
    if lang not in TEXTS:
        raise InputError(f"lang: '{lang}' is not nl or en")
    items = register.cookies.items if register.cookies else []
    present = [c.value for c in CookieCategory if c.value == NECESSARY or any(i.category == c for i in items)]
    categories = [
        {
            "key": key,
            "label": LABELS[key][lang],
            "required": key == NECESSARY,
            "cookies": [_cookie(i, lang) for i in items if i.category.value == key],
        }
        for key in present
    ]
    voice = Voice(lang, register.statement.tone == "formal")
    intro = voice.text(register.cookies.text) if register.cookies and register.cookies.text else ""
    texts = {**{key: voice.fill(text) for key, text in TEXTS[lang].items()}, "intro": intro}
    content = {"categories": categories, "texts": texts}
    version = hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return {"version": version, "lang": lang, "organisation": register.organisation.name, **content}


def _cookie(item: Cookie, lang: str) -> dict[str, str | None]:
    return {
        "name": item.name,
        "party": item.party,
        "lifetime": str(item.lifetime) if item.lifetime else None,
        "purpose": tr(item.purpose, lang) if item.purpose else None,
    }


def _visitor(visitor: str) -> str:
    if not VISITOR.fullmatch(visitor):
        raise InputError("visitor: expected the random id the banner made (16 to 64 letters, digits, - or _)")
    return hashlib.sha256(visitor.encode()).hexdigest()


def record(
    session: Session, register: Register, visitor: str, choices: dict[str, bool], lang: str, version: str, at: datetime
) -> Choice:
    """Store a visitor's choice for the banner version they saw."""
    shown = banner(register, lang)
    if version != shown["version"]:
        raise RefusedError("version: the banner has changed since it was shown; show it again")
    optional = {c["key"] for c in shown["categories"] if not c["required"]}
    unknown = sorted(set(choices) - optional - {NECESSARY})
    if unknown:
        raise InputError(
            f"choices: {', '.join(unknown)} is not a category of this banner ({', '.join(sorted(optional))})"
        )
    if choices.get(NECESSARY) is False:
        raise InputError("choices: strictly necessary cookies need no consent and cannot be refused")
    stored = {key: bool(choices.get(key, False)) for key in sorted(optional)}
    expires = add_period(at, ASK_AGAIN)
    lifetimes = [
        add_period(at, item.lifetime)
        for item in (register.cookies.items if register.cookies else [])
        if stored.get(item.category.value) and isinstance(item.lifetime, Period)
    ]
    if lifetimes and max(lifetimes) < expires:
        expires = max(lifetimes)
    row = CookieConsent(visitor=_visitor(visitor), choices=stored, version=version, lang=lang, at=at,
                        expires_at=expires)  # fmt: skip
    session.add(row)
    session.flush()
    return Choice(stored, version, at, expires)


def current(session: Session, register: Register, visitor: str, lang: str, at: datetime) -> Choice | None:
    """The visitor's choice in force for the current banner, or None: ask (again)."""
    query = (
        select(CookieConsent)
        .where(CookieConsent.visitor == _visitor(visitor))
        .order_by(CookieConsent.at.desc(), CookieConsent.id.desc())
        .limit(1)
    )
    row = session.execute(query).scalar_one_or_none()
    if row is None or row.expires_at <= at or row.version != banner(register, row.lang)["version"]:
        return None
    return Choice(dict(row.choices), row.version, row.at, row.expires_at)
