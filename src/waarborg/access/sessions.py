"""Office sessions for the web: a typed token (:mod:`waarborg.access.signed`, kind ``office-session``) under
a key derived from the session key in the key store; nothing is stored on the server (servers keep no state).

The token names the user; a changed payload, a foreign signature, a token of another kind, an expired token
or a disabled user is refused. Rotating the session key signs everyone out.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from waarborg.access import signed
from waarborg.access.users import StaffUser
from waarborg.core.errors import UnauthorisedError
from waarborg.core.timeutil import now

DEFAULT_TTL: timedelta = signed.OFFICE_SESSION.lifetime


def issue_session(user: StaffUser, key: bytes, at: datetime | None = None) -> str:
    return signed.make(key, signed.OFFICE_SESSION, {"u": user.id, "n": secrets.token_hex(8)}, at or now())


def user_for_session(session: Session, key: bytes, token: str, at: datetime | None = None) -> StaffUser:
    claims = signed.read(key, signed.OFFICE_SESSION, token, at or now())
    try:
        user_id = int(str(claims["u"]))
    except (KeyError, ValueError):
        raise UnauthorisedError("this session is not valid; sign in again") from None
    user = session.get(StaffUser, user_id)
    if user is None or user.disabled:
        raise UnauthorisedError("this account is disabled")
    return user
