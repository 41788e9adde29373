"""Signed one-click unsubscribe links: per person and option, no login, refused when tampered with or made
by another installation, and all revoked at once by replacing the installation's link key.

    token = links.make(vault.ring.links_key, subject_id, "newsletter", "offers")
    url = links.url("https://privacy.example.nl", token)          # .../u/<token>
    links.mail_headers("https://privacy.example.nl", token)         # RFC 8058 List-Unsubscribe(-Post)

A token is ``payload.signature`` in URL-safe base64: the payload names the subject (a pseudonymous id, no
address), the activity, the option (or ``all``) and the day it was made; the signature is HMAC-SHA256 under
the link key. Links expire after 400 days: a mail from last year still works, one from years ago does not.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from waarborg.core.errors import UnauthorisedError

LIFETIME = timedelta(days=400)
PATH = "/u/"


@dataclass(frozen=True)
class Link:
    subject_id: str
    activity: str
    option: str
    made: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(key: bytes, claims: dict[str, object]) -> str:
    """``payload.signature``: the claims as compact JSON, HMAC-SHA256 under ``key``, both URL-safe base64."""
    payload = json.dumps(claims, separators=(",", ":"), sort_keys=True).encode()
    return f"{_b64(payload)}.{_b64(hmac.new(key, payload, hashlib.sha256).digest())}"


def verify(
    key: bytes, token: str, at: datetime, what: str = "link", lifetime: timedelta = LIFETIME
) -> dict[str, object]:
    """The claims of a token made by :func:`sign` with a ``t`` (made at, epoch seconds); UnauthorisedError
    when it is malformed, tampered with, made by another installation, or older than ``lifetime``."""
    invalid = UnauthorisedError(f"this {what} is not valid")
    try:
        payload_part, signature_part = token.split(".")
        payload, signature = _unb64(payload_part), _unb64(signature_part)
    except ValueError:
        raise invalid from None
    if not hmac.compare_digest(hmac.new(key, payload, hashlib.sha256).digest(), signature):
        raise invalid
    claims: dict[str, object] = json.loads(payload)
    made = datetime.fromtimestamp(int(str(claims["t"])), at.tzinfo)
    if at - made > lifetime:
        raise UnauthorisedError(f"this {what} has expired; use the preferences page or write to us")
    return claims


def make(key: bytes, subject_id: str, activity: str, option: str, at: datetime) -> str:
    # The JSON written out by hand (ids and register keys need no escaping): audiences sign one per person.
    payload = f'{{"a":"{activity}","o":"{option}","s":"{subject_id}","t":{int(at.timestamp())}}}'.encode()
    return f"{_b64(payload)}.{_b64(hmac.new(key, payload, hashlib.sha256).digest())}"


def read(key: bytes, token: str, at: datetime) -> Link:
    """The link's claims, or UnauthorisedError when it is malformed, tampered with, foreign or expired."""
    claims = verify(key, token, at, "unsubscribe link")
    if "o" not in claims:  # a token of another kind (an answer to a notice) is not an unsubscribe link
        raise UnauthorisedError("this unsubscribe link is not valid")
    made = datetime.fromtimestamp(int(str(claims["t"])), at.tzinfo)
    return Link(str(claims["s"]), str(claims["a"]), str(claims["o"]), made)


def url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{PATH}{token}"


def mail_headers(base_url: str, token: str, mailto: str | None = None) -> dict[str, str]:
    """The RFC 8058 headers for a message: one-click POST to the link (and a mailto fallback)."""
    targets = [f"<{url(base_url, token)}>"] + ([f"<mailto:{mailto}?subject=unsubscribe>"] if mailto else [])
    return {"List-Unsubscribe": ", ".join(targets), "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
