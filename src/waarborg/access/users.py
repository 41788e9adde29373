"""Staff users: a role from the register (or the built-in 'dpo'), a scope, an argon2 password hash."""

from __future__ import annotations

from datetime import datetime

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import JSON, Boolean, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from waarborg.core.db import Base
from waarborg.core.errors import InputError, NotFoundError, UnauthorisedError
from waarborg.core.timeutil import UTCDateTime, now
from waarborg.register.schema import Register

DPO = "dpo"
MIN_PASSWORD = 12
_hasher = PasswordHasher()


class StaffUser(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(64))
    scope: Mapped[list[str]] = mapped_column(JSON, default=list)
    password_hash: Mapped[str] = mapped_column(String(256))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    totp_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)
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


def sign_in(session: Session, username: str, password: str, code: str | None = None) -> StaffUser:
    """The user for a username and password; one message for every failure, so names cannot be probed."""
    user = session.execute(select(StaffUser).where(StaffUser.username == username)).scalar_one_or_none()
    try:
        if user is None:
            _hasher.hash(password)  # spend the same time as a real check
            raise VerificationError
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        raise UnauthorisedError("unknown user or wrong password") from None
    if user.disabled:
        raise UnauthorisedError("this account is disabled")
    check_second_factor(user, code)
    return user


def check_second_factor(user: StaffUser, code: str | None, at: datetime | None = None) -> None:
    """With a TOTP secret set (RFC 6238), the current six-digit code is needed as well."""
    if user.totp_secret is None:
        return
    moment = at or now()
    if not code or not pyotp.TOTP(user.totp_secret).verify(code, for_time=moment, valid_window=1):
        raise UnauthorisedError("the six-digit code is missing or wrong")


def disable_user(session: Session, username: str) -> None:
    user = session.execute(select(StaffUser).where(StaffUser.username == username)).scalar_one_or_none()
    if user is None:
        raise NotFoundError(f"user '{username}' not found")
    user.disabled = True


def list_users(session: Session) -> list[StaffUser]:
    return list(session.execute(select(StaffUser).order_by(StaffUser.username)).scalars())
