"""Signed, typed, expiring tokens: every link and cookie that Waarborg hands out and later believes.

A token is ``payload.signature`` in URL-safe base64. The payload is compact JSON with the token's purpose
(``p``), the moment it was made (``t``, epoch seconds) and its claims; the signature is HMAC-SHA256 under a
key derived for that purpose alone (HKDF-SHA256 from an installation key of the key store). So a token of
one kind never verifies as another: the keys differ, and the purpose is checked as well. Each kind has its
own lifetime. Replacing the installation key revokes every token derived from it (the links key: links,
portal sessions, confirmations, answers; the session key: office sessions).

    token = signed.make(vault.ring.links_key, signed.PORTAL_LINK, {"s": subject_id}, now())
    claims = signed.read(vault.ring.links_key, signed.PORTAL_LINK, token, now())
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from waarborg.core.errors import UnauthorisedError

CLOCK_SKEW = timedelta(minutes=5)  # a token made "later" than now by more than this is refused


@dataclass(frozen=True)
class Kind:
    purpose: str  # what is signed into every token of this kind, and what its key is derived for
    lifetime: timedelta
    what: str  # how a refusal names it: "this {what} is not valid"
    expired: str = ""  # what to do then, after "this {what} is not valid; " or "... has expired; "


PORTAL_LINK = Kind("portal-link", timedelta(minutes=30), "link", "ask for a new link on the portal page")
PORTAL_SESSION = Kind("portal-session", timedelta(hours=1), "session", "ask for a new link on the portal page")
OFFICE_SESSION = Kind("office-session", timedelta(hours=8), "session", "sign in again")
CONFIRMATION = Kind("request-confirmation", timedelta(days=7), "confirmation link",
                    "ask for a new confirmation message")  # fmt: skip
UNSUBSCRIBE = Kind("unsubscribe", timedelta(days=400), "unsubscribe link", "use the preferences page or write to us")
NOTICE_ANSWER = Kind("notice-answer", timedelta(days=400), "link", "write to us")
KINDS = (PORTAL_LINK, PORTAL_SESSION, OFFICE_SESSION, CONFIRMATION, UNSUBSCRIBE, NOTICE_ANSWER)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@lru_cache(maxsize=64)
def key_for(base: bytes, kind: Kind) -> bytes:
    """The key of one kind of token, derived from an installation key (HKDF-SHA256, the purpose as info)."""
    info = f"waarborg token: {kind.purpose}".encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(base)


def seal(base: bytes, kind: Kind, payload: bytes) -> str:
    """``payload.signature`` for a payload that already holds ``p`` and ``t`` (see :func:`make`)."""
    return f"{b64(payload)}.{b64(hmac.new(key_for(base, kind), payload, hashlib.sha256).digest())}"


def make(base: bytes, kind: Kind, claims: dict[str, object], at: datetime) -> str:
    """A token of ``kind`` carrying ``claims`` (short keys; ``p`` and ``t`` are the module's), made at ``at``."""
    payload = {**claims, "p": kind.purpose, "t": int(at.timestamp())}
    return seal(base, kind, json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())


def read(base: bytes, kind: Kind, token: str, at: datetime) -> dict[str, object]:
    """The claims of a token of ``kind``; UnauthorisedError when it is malformed, tampered with, of another
    kind or another installation, made in the future, or older than the kind's lifetime."""
    invalid = UnauthorisedError(f"this {kind.what} is not valid; {kind.expired}".rstrip("; "))
    try:
        payload_part, signature_part = token.split(".")
        payload, signature = unb64(payload_part), unb64(signature_part)
    except ValueError:  # binascii.Error and UnicodeEncodeError are ValueErrors too
        raise invalid from None
    if not hmac.compare_digest(hmac.new(key_for(base, kind), payload, hashlib.sha256).digest(), signature):
        raise invalid
    try:
        claims = json.loads(payload)
        made = datetime.fromtimestamp(int(claims["t"]), at.tzinfo)
    except (ValueError, KeyError, TypeError, OverflowError, OSError):
        raise invalid from None
    if not isinstance(claims, dict) or claims.get("p") != kind.purpose or made > at + CLOCK_SKEW:
        raise invalid
    if at - made > kind.lifetime:
        raise UnauthorisedError(f"this {kind.what} has expired; {kind.expired}".rstrip("; "))
    return claims
