"""API keys for websites and scripts: shown once, stored as a hash, scoped to activities.

A key looks like ``wb_<prefix>_<secret>``. The prefix finds the row; the SHA-256 of the whole key is
compared in constant time. Keys carry 256 bits of randomness, so a fast hash is enough (no password
stretching is needed for secrets nobody chose).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from waarborg.core.errors import InputError, NotFoundError, UnauthorisedError
from waarborg.core.prepared import Prepared
from waarborg.core.timeutil import now
from waarborg.register.schema import Register
from waarborg.vault.tables import ApiKey

# Core, not ORM objects: every API call runs this (the prefix is indexed)
KEY_BY_PREFIX = Prepared(
    select(ApiKey.id, ApiKey.name, ApiKey.digest, ApiKey.activities, ApiKey.can_read, ApiKey.revoked_at).where(
        ApiKey.prefix == bindparam("prefix")
    )
)


@dataclass(frozen=True)
class Caller:
    """Who is calling the API, and what it may do."""

    key_id: str
    name: str
    activities: frozenset[str]
    can_read: bool


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def create_key(session: Session, register: Register, name: str, activities: list[str], can_read: bool) -> str:
    """Create a key; returns the token, which is not stored and cannot be shown again."""
    unknown = [a for a in activities if a not in register.activities]
    if unknown or not activities:
        declared = ", ".join(register.activities)
        raise InputError(
            f"--activities: unknown activity '{unknown[0]}'; declared: {declared}"
            if unknown
            else "--activities: name at least one activity"
        )
    prefix = secrets.token_hex(4)
    token = f"wb_{prefix}_{secrets.token_urlsafe(32)}"
    session.add(
        ApiKey(
            name=name,
            prefix=prefix,
            digest=_digest(token),
            activities=sorted(set(activities)),
            can_read=can_read,
            created_at=now(),
        )
    )
    session.flush()
    return token


def authenticate(session: Session, token: str | None) -> Caller:
    if not token:
        raise UnauthorisedError("an API key is required: Authorization: Bearer wb_...")
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "wb":
        raise UnauthorisedError("not a Waarborg API key")
    digest = _digest(token)
    for key_id, name, stored, activities, can_read, revoked_at in KEY_BY_PREFIX.rows(session, {"prefix": parts[1]}):
        if hmac.compare_digest(stored, digest):
            if revoked_at is not None:
                raise UnauthorisedError("this API key was revoked")
            return Caller(key_id, name, frozenset(activities), can_read)
    raise UnauthorisedError("unknown API key")


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.execute(select(ApiKey).order_by(ApiKey.created_at)).scalars())


def revoke_key(session: Session, key_id: str) -> None:
    key = session.get(ApiKey, key_id)
    if key is None:
        raise NotFoundError(f"API key {key_id} not found")
    key.revoked_at = now()
