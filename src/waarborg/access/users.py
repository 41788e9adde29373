"""Staff users: a role from the register (or the built-in 'dpo'), a scope, an argon2 password hash, and an
optional second factor (TOTP, RFC 6238) whose secret is sealed under a key of the key store.

Every failed sign-in gets the same answer, whether the name is unknown, the password wrong, the code missing
or wrong, or the account disabled: no answer confirms a password or a name. A code is accepted once.
"""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Protocol

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import JSON, Boolean, Integer, LargeBinary, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from waarborg.core.db import Base
from waarborg.core.errors import InputError, NotFoundError, UnauthorisedError
from waarborg.core.timeutil import UTCDateTime, now
from waarborg.register.schema import Register

DPO = "dpo"
MIN_PASSWORD = 12
SIGN_IN_FAILED = "sign-in failed: the user name, password or code is not right, or the account is disabled"
TOTP_STEP = 30  # seconds per code (RFC 6238's default, what authenticator apps use)
_hasher = PasswordHasher()


class SecretBox(Protocol):
    """Seals a small secret under a key the database does not hold (the vault gives one)."""

    def seal(self, plain: bytes, label: str) -> bytes: ...

    def open(self, sealed: bytes, label: str) -> bytes: ...


class StaffUser(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(64))
    scope: Mapped[list[str]] = mapped_column(JSON, default=list)
    password_hash: Mapped[str] = mapped_column(String(256))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    totp_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)  # before 0010; sealed on first use
    totp_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    totp_last_step: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the last code used (its 30 s step)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)


def add_user(
    session: Session, register: Register, username: str, role: str, password: str, scope: list[str] | None = None
) -> StaffUser:
    """A new staff user. ``scope`` holds the values of the role's ``linked_by`` field they may see (an
    instructor's courses)."""
    roles = {DPO, *register.roles}
    if role not in roles:
        raise InputError(f"role: '{role}' is not a role of the register; roles: {', '.join(sorted(roles))}")
    if len(password) < MIN_PASSWORD:
        raise InputError(f"password: at least {MIN_PASSWORD} characters")
    if not username.strip() or len(username) > 64:
        raise InputError("username: 1 to 64 characters")
    spec = register.roles.get(role)
    if spec is not None and spec.scope is not None and not scope:
        raise InputError(f"scope: role '{role}' only sees records linked by '{spec.scope.linked_by}'; name which")
    if session.execute(select(StaffUser.id).where(StaffUser.username == username)).first():
        raise InputError(f"username: '{username}' exists already")
    user = StaffUser(
        username=username,
        role=role,
        scope=list(scope or []),
        password_hash=_hasher.hash(password),
        disabled=False,
        created_at=now(),
    )
    session.add(user)
    session.flush()
    return user


def sign_in(session: Session, username: str, password: str, code: str | None, box: SecretBox) -> StaffUser:
    """The user for a username, password and (where set) code; one message for every failure. The row is
    locked: two sign-ins with the same code cannot both pass."""
    query = select(StaffUser).where(StaffUser.username == username).with_for_update()
    user = session.execute(query).scalar_one_or_none()
    try:
        if user is None:
            _hasher.hash(password)  # spend the same time as a real check
            raise VerificationError
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        raise UnauthorisedError(SIGN_IN_FAILED) from None
    if not check_second_factor(user, code, box) or user.disabled:
        raise UnauthorisedError(SIGN_IN_FAILED)
    return user


def check_second_factor(user: StaffUser, code: str | None, box: SecretBox, at: datetime | None = None) -> bool:
    """With a TOTP secret set, the code of this 30-second step (or the one before or after) is needed, and a
    code once used is not accepted again (nor one of an earlier step). True without a secret."""
    secret = _totp_secret(user, box)
    if secret is None:
        return True
    if not code or not code.strip().isascii() or not code.strip().isdigit():
        return False
    totp, moment = pyotp.TOTP(secret), (at or now()).timestamp()
    current = int(moment // TOTP_STEP)
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.at(step * TOTP_STEP), code.strip()):
            if user.totp_last_step is not None and step <= user.totp_last_step:
                return False  # replayed
            user.totp_last_step = step
            return True
    return False


def enable_totp(user: StaffUser, issuer: str, box: SecretBox) -> str:
    """Give a user a TOTP secret (meant for the DPO and administrators; any role may have one), sealed; returns
    the otpauth:// URI for an authenticator app (shown once)."""
    if user.totp_secret is not None or user.totp_sealed is not None:
        raise InputError(f"user '{user.username}' has a second factor already")
    secret = pyotp.random_base32()
    user.totp_sealed = box.seal(secret.encode(), _label(user))
    uri: str = pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=issuer)
    return uri


def _label(user: StaffUser) -> str:
    return f"staff:{user.id}:totp"


def _totp_secret(user: StaffUser, box: SecretBox) -> str | None:
    if user.totp_secret is not None:  # stored in the clear by an older version: sealed now
        user.totp_sealed, user.totp_secret = box.seal(user.totp_secret.encode(), _label(user)), None
    return None if user.totp_sealed is None else box.open(user.totp_sealed, _label(user)).decode()


def seal_plain_secrets(session: Session, box: SecretBox) -> int:
    """Seal every TOTP secret an older version stored in the clear; how many there were."""
    found = list(session.execute(select(StaffUser).where(StaffUser.totp_secret.is_not(None))).scalars())
    for user in found:
        _totp_secret(user, box)
    return len(found)


def disable_user(session: Session, username: str) -> None:
    user = session.execute(select(StaffUser).where(StaffUser.username == username)).scalar_one_or_none()
    if user is None:
        raise NotFoundError(f"user '{username}' not found")
    user.disabled = True


def list_users(session: Session) -> list[StaffUser]:
    return list(session.execute(select(StaffUser).order_by(StaffUser.username)).scalars())
