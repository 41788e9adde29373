"""Signed, expiring session tokens for the web: nothing is stored on the server (servers keep no state).

A session is ``<payload>.<signature>``: the payload names the user and the expiry, the signature is an
HMAC-SHA256 under a session key from the key store. A changed payload, a foreign signature, an expired
token or a disabled user is refused. Rotating the session key signs everyone out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from waarborg.access.users import StaffUser
from waarborg.core.errors import UnauthorisedError
from waarborg.core.timeutil import now

DEFAULT_TTL = timedelta(hours=8)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def issue_session(user: StaffUser, key: bytes, ttl: timedelta = DEFAULT_TTL, at: datetime | None = None) -> str:
    expires = int(((at or now()) + ttl).timestamp())
    payload = _b64(json.dumps({"u": user.id, "e": expires, "n": secrets.token_hex(8)}, separators=(",", ":")).encode())
    signature = _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())
    return f"{payload}.{signature}"


def user_for_session(session: Session, key: bytes, token: str, at: datetime | None = None) -> StaffUser:
    payload, _, signature = token.partition(".")
    expected = _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())
    if not signature or not hmac.compare_digest(signature, expected):
        raise UnauthorisedError("not a valid session; sign in again")
    try:
        data = json.loads(_unb64(payload))
        user_id, expires = int(data["u"]), int(data["e"])
    except (ValueError, KeyError, TypeError):
        raise UnauthorisedError("not a valid session; sign in again") from None
    if (at or now()).timestamp() >= expires:
        raise UnauthorisedError("the session has expired; sign in again")
    user = session.get(StaffUser, user_id)
    if user is None or user.disabled:
        raise UnauthorisedError("this account is disabled")
    return user
