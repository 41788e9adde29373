"""Web sessions: signed, expiring, stateless; sign-in is audited and needs the DPO's code when set."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from argon2 import PasswordHasher

from waarborg.access import users
from waarborg.access.audit import export_rows
from waarborg.access.sessions import issue_session, user_for_session
from waarborg.core.errors import UnauthorisedError
from waarborg.core.timeutil import now
from waarborg.vault.service import Vault


@pytest.fixture(autouse=True)
def _quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def test_sign_in_gives_a_session_that_names_the_role(vault: Vault) -> None:
    with vault.unit() as unit:
        users.add_user(unit.data, vault.register, "docent1", "instructor", "correct horse battery", ["AVG"])
        token = vault.sign_in(unit, "docent1", "correct horse battery")
        principal = vault.principal_for_session(unit, token)
        assert principal.actor == "user:docent1" and principal.scope == frozenset({"AVG"})
        assert [r["kind"] for r in export_rows(unit.data)][-1] == "staff.signed_in"


def test_tampered_foreign_and_expired_sessions_are_refused(vault: Vault) -> None:
    with vault.unit() as unit:
        user = users.add_user(unit.data, vault.register, "fg", "dpo", "correct horse battery")
        token = issue_session(user, vault.ring.session_key)
        assert user_for_session(unit.data, vault.ring.session_key, token) is user
        payload, signature = token.split(".")
        for bad in (f"{payload}x.{signature}", f"{payload}.{signature[:-2]}AA", "garbage", ""):
            with pytest.raises(UnauthorisedError, match="session is not valid; sign in again"):
                user_for_session(unit.data, vault.ring.session_key, bad)
        with pytest.raises(UnauthorisedError, match="session is not valid; sign in again"):
            user_for_session(unit.data, b"another installation's key....", token)
        with pytest.raises(UnauthorisedError, match="expired"):
            user_for_session(unit.data, vault.ring.session_key, token, at=now() + timedelta(hours=9))
        users.disable_user(unit.data, "fg")
        with pytest.raises(UnauthorisedError, match="disabled"):
            user_for_session(unit.data, vault.ring.session_key, token)


def test_the_dpo_signs_in_with_the_code(vault: Vault) -> None:
    with vault.unit() as unit:
        user = users.add_user(unit.data, vault.register, "fg", "dpo", "correct horse battery")
        totp = pyotp.parse_uri(users.enable_totp(user, "Voorbeeld", vault.staff_secrets))
        with pytest.raises(UnauthorisedError, match="the user name, password or code is not right"):
            vault.sign_in(unit, "fg", "correct horse battery")
        assert vault.sign_in(unit, "fg", "correct horse battery", totp.now())


def test_a_signed_out_session_is_refused_everywhere(vault: Vault) -> None:
    from waarborg.access.sessions import end_session

    with vault.unit() as unit:
        user = users.add_user(unit.data, vault.register, "fg", "dpo", "correct horse battery")
        token, other = issue_session(user, vault.ring.session_key), issue_session(user, vault.ring.session_key)
    with vault.unit() as unit:
        end_session(unit.data, vault.ring.session_key, token)
    with vault.unit() as unit:  # a new transaction, as another server would see it
        with pytest.raises(UnauthorisedError, match="ended"):
            user_for_session(unit.data, vault.ring.session_key, token)
        assert user_for_session(unit.data, vault.ring.session_key, other).username == "fg"  # other devices stay


def test_a_secret_an_older_version_kept_in_the_clear_is_sealed(vault: Vault) -> None:
    secret = pyotp.random_base32()
    with vault.unit() as unit:
        user = users.add_user(unit.data, vault.register, "fg", "dpo", "correct horse battery")
        user.totp_secret = secret  # as version 0009 stored it
    with vault.unit() as unit:
        assert users.seal_plain_secrets(unit.data, vault.staff_secrets) == 1
    with vault.unit() as unit:
        user = unit.data.get(users.StaffUser, user.id)
        assert user is not None and user.totp_secret is None and user.totp_sealed
        assert secret.encode() not in user.totp_sealed
        assert vault.sign_in(unit, "fg", "correct horse battery", pyotp.TOTP(secret).now())
