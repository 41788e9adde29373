"""Tokens for staff scripts and the second factor for the DPO.

A staff token (``wbu_<prefix>_<secret>``) stands for one user with that user's role; it expires (30 days
by default) and is stored only as a SHA-256 hash. TOTP (RFC 6238) is available for the DPO: with a secret
set, signing in needs the six-digit code as well. It is meant for the DPO and administrators.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from waarborg.access.users import StaffUser
from waarborg.core.db import Base
from waarborg.core.errors import InputError, UnauthorisedError
from waarborg.core.timeutil import UTCDateTime, now


class StaffToken(Base):
    __tablename__ = "staff_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    digest: Mapped[bytes] = mapped_column(LargeBinary(32))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


def issue_token(session: Session, user: StaffUser, days: int = 30) -> str:
    if not 1 <= days <= 365:
        raise InputError("days: 1 to 365")
    prefix = secrets.token_hex(4)
    token = f"wbu_{prefix}_{secrets.token_urlsafe(32)}"
    session.add(
        StaffToken(
            user_id=user.id,
            prefix=prefix,
            digest=hashlib.sha256(token.encode()).digest(),
            expires_at=now() + timedelta(days=days),
        )
    )
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> StaffUser:
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "wbu":
        raise UnauthorisedError("not a Waarborg staff token")
    digest = hashlib.sha256(token.encode()).digest()
    for row in session.execute(select(StaffToken).where(StaffToken.prefix == parts[1])).scalars():
        if hmac.compare_digest(row.digest, digest):
            if row.expires_at <= now():
                raise UnauthorisedError("this token has expired; ask for a new one")
            user = session.get(StaffUser, row.user_id)
            if user is None or user.disabled:
                raise UnauthorisedError("this account is disabled")
            return user
    raise UnauthorisedError("unknown token")


__all__ = ["StaffToken", "issue_token", "user_for_token"]
