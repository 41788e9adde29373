"""Office sessions for the web: a typed token (:mod:`waarborg.access.signed`, kind ``office-session``) under
a key derived from the session key in the key store.

The token names the user; a changed payload, a foreign signature, a token of another kind, an expired token,
a disabled user or a session that was signed out is refused. Signing out is kept in the database (the
token's keyed hash, until it would have expired), so it holds on every server. Rotating the session key signs
everyone out.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from waarborg.access import guards, signed
from waarborg.access.users import StaffUser
from waarborg.core.errors import UnauthorisedError
from waarborg.core.timeutil import now

DEFAULT_TTL: timedelta = signed.OFFICE_SESSION.lifetime


def issue_session(user: StaffUser, key: bytes, at: datetime | None = None) -> str:
    return signed.make(key, signed.OFFICE_SESSION, {"u": user.id, "n": secrets.token_hex(8)}, at or now())


def user_for_session(session: Session, key: bytes, token: str, at: datetime | None = None) -> StaffUser:
    claims = signed.read(key, signed.OFFICE_SESSION, token, at or now())
    if guards.is_spent(session, key, token):
        raise UnauthorisedError("this session has ended; sign in again")
    try:
        user_id = int(str(claims["u"]))
    except (KeyError, ValueError):
        raise UnauthorisedError("this session is not valid; sign in again") from None
    user = session.get(StaffUser, user_id)
    if user is None or user.disabled:
        raise UnauthorisedError("this account is disabled")
    return user


def end_session(session: Session, key: bytes, token: str, at: datetime | None = None) -> None:
    """Sign out: the token is refused from now on, by every server (a token that is not valid is ignored)."""
    moment = at or now()
    try:
        signed.read(key, signed.OFFICE_SESSION, token, moment)
    except UnauthorisedError:
        return
    guards.spend(session, key, token, moment + signed.OFFICE_SESSION.lifetime + signed.CLOCK_SKEW, moment)
