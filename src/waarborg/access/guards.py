"""What holds across requests and server processes because it is in the database: attempt counters and spent
tokens.

**Attempt counters** count sign-ins, link requests and codes per client address, per user name or per e-mail
address in a fixed window. They are kept under a keyed hash of what they count (no address or name is stored)
and are written in a transaction of their own that commits before the attempt is judged, so a failing attempt
cannot roll its own count back, and every server behind the load balancer sees the same count.

**Spent tokens** are links that may be used once (a portal link) and sessions that were ended (signed out):
the keyed hash of the token, kept until the token would have expired anyway.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from sqlalchemy import Index, Integer, LargeBinary, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from waarborg.core.db import Base
from waarborg.core.timeutil import UTCDateTime


class AttemptCounter(Base):
    __tablename__ = "attempt_counters"
    __table_args__ = (Index("ix_attempt_counters_window", "window_start"),)  # forgetting old windows

    key: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime())
    count: Mapped[int] = mapped_column(Integer)


class SpentToken(Base):
    __tablename__ = "spent_tokens"
    __table_args__ = (Index("ix_spent_tokens_expires", "expires_at"),)

    digest: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


def _digest(key: bytes, *parts: str) -> bytes:
    return hmac.new(key, "\x00".join(parts).encode(), hashlib.sha256).digest()


def take_attempt(
    session: Session, key: bytes, scope: str, who: str, limit: int, window: timedelta, at: datetime
) -> bool:
    """Count one attempt of ``who`` at ``scope``; False when ``limit`` attempts were made in this window
    already (the refused attempt is not counted). The caller commits at once, whatever comes next."""
    digest = _digest(key, "attempt", scope, who.strip().lower())
    row = session.execute(
        select(AttemptCounter.window_start, AttemptCounter.count.label("tries"))
        .where(AttemptCounter.key == digest)
        .with_for_update()
    ).first()
    if row is None:
        return _first_attempt(session, digest, key, scope, who, limit, window, at)
    if at - row.window_start >= window:
        session.execute(update(AttemptCounter).where(AttemptCounter.key == digest).values(window_start=at, count=1))
        return True
    if row.tries >= limit:
        return False
    session.execute(update(AttemptCounter).where(AttemptCounter.key == digest).values(count=row.tries + 1))
    return True


def _first_attempt(
    session: Session, digest: bytes, key: bytes, scope: str, who: str, limit: int, window: timedelta, at: datetime
) -> bool:
    session.execute(delete(AttemptCounter).where(AttemptCounter.window_start < at - timedelta(days=1)))
    try:
        with session.begin_nested():
            session.execute(insert(AttemptCounter).values(key=digest, window_start=at, count=1))
    except IntegrityError:  # another server counted the first attempt at the same moment: count on theirs
        return take_attempt(session, key, scope, who, limit, window, at)
    return limit >= 1


def spend(session: Session, key: bytes, token: str, expires_at: datetime, at: datetime) -> bool:
    """Mark a token used (a once-only link) or ended (a session signed out); False when it was already."""
    session.execute(delete(SpentToken).where(SpentToken.expires_at < at))
    try:
        with session.begin_nested():
            session.execute(insert(SpentToken).values(digest=_digest(key, "spent", token), expires_at=expires_at))
    except IntegrityError:
        return False
    return True


def is_spent(session: Session, key: bytes, token: str) -> bool:
    digest = _digest(key, "spent", token)
    return session.execute(select(SpentToken.digest).where(SpentToken.digest == digest)).first() is not None
