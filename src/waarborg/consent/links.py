"""Signed one-click unsubscribe links: per person and option, no login, refused when tampered with or made
by another installation, and all revoked at once by replacing the installation's link key.

    token = links.make(vault.ring.links_key, subject_id, "newsletter", "offers")
    url = links.url("https://privacy.example.nl", token)          # .../u/<token>
    links.mail_headers("https://privacy.example.nl", token)         # RFC 8058 List-Unsubscribe(-Post)

A token is a typed token of :mod:`waarborg.access.signed` (kind ``unsubscribe``): it names the subject (a
pseudonymous id, no address), the activity, the option (or ``all``) and when it was made, signed under a key
derived from the link key for unsubscribe links only. Links expire after 400 days: a mail from last year
still works, one from years ago does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from waarborg.access import signed

PATH = "/u/"


@dataclass(frozen=True)
class Link:
    subject_id: str
    activity: str
    option: str
    made: datetime


def make(key: bytes, subject_id: str, activity: str, option: str, at: datetime) -> str:
    """The link's token. The JSON is written out by hand, as :func:`signed.make` would (sorted keys; ids and
    register keys need no escaping): audiences sign one per person."""
    payload = f'{{"a":"{activity}","o":"{option}","p":"{signed.UNSUBSCRIBE.purpose}","s":"{subject_id}",'
    return signed.seal(key, signed.UNSUBSCRIBE, f'{payload}"t":{int(at.timestamp())}}}'.encode())


def read(key: bytes, token: str, at: datetime) -> Link:
    """The link's claims, or UnauthorisedError when it is malformed, tampered with, foreign or expired."""
    claims = signed.read(key, signed.UNSUBSCRIBE, token, at)
    made = datetime.fromtimestamp(int(str(claims["t"])), at.tzinfo)
    return Link(str(claims["s"]), str(claims["a"]), str(claims["o"]), made)


def url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{PATH}{token}"


def mail_headers(base_url: str, token: str, mailto: str | None = None) -> dict[str, str]:
    """The RFC 8058 headers for a message: one-click POST to the link (and a mailto fallback)."""
    targets = [f"<{url(base_url, token)}>"] + ([f"<mailto:{mailto}?subject=unsubscribe>"] if mailto else [])
    return {"List-Unsubscribe": ", ".join(targets), "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
