"""Authorisation matrix: every role of the register × reading subjects and adding data, allowed and denied."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import update

from tests.conftest import open_vault
from tests.factories import make_register
from waarborg.access import policy
from waarborg.access.audit import entries_for
from waarborg.access.policy import operator
from waarborg.access.users import SIGN_IN_FAILED, add_user, disable_user, sign_in
from waarborg.core.errors import InputError, NotFoundError, UnauthorisedError
from waarborg.vault.models import Record
from waarborg.vault.service import Vault


def roles(d: dict) -> None:  # type: ignore[type-arg]
    d["roles"]["marketeer"] = {"label": "Marketing", "activities": ["newsletter"], "fields": ["email"]}
    d["roles"]["registrar"] = {"label": "Administratie", "activities": ["courses"], "actions": ["read", "rectify"]}


@pytest.fixture(autouse=True)
def _quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Production argon2 parameters cost ~50 ms a hash; the logic under test is the same with cheap ones."""
    from argon2 import PasswordHasher

    from waarborg.access import users

    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def world(db_url: str, master_key: bytes) -> Iterator[tuple[Vault, dict[str, str]]]:
    register = make_register(roles).register
    vault = open_vault(register, db_url, master_key)
    with vault.unit() as unit:
        a = vault.add_record(
            unit, "courses", {"name": "An", "email": "an@example.nl", "course": "AVG"}, by=operator("t")
        )
        vault.add_record(unit, "newsletter", {"email": "an@example.nl"}, by=operator("t"))
        b = vault.add_record(
            unit, "courses", {"name": "Bo", "email": "bo@example.nl", "course": "Privacyrecht"}, by=operator("t")
        )
        users = {
            "dpo": add_user(unit.data, register, "fg", "dpo", "correct horse battery"),
            "instructor_avg": add_user(unit.data, register, "docent1", "instructor", "correct horse battery", ["AVG"]),
            "instructor_pr": add_user(
                unit.data, register, "docent2", "instructor", "correct horse battery", ["Privacyrecht"]
            ),
            "marketeer": add_user(unit.data, register, "mk", "marketeer", "correct horse battery"),
            "registrar": add_user(unit.data, register, "adm", "registrar", "correct horse battery"),
        }
        principals = {name: policy.for_user(register, user) for name, user in users.items()}
    principals["website_key"] = policy.for_api_key("k1", "website", frozenset({"newsletter", "courses"}), False)
    principals["reader_key"] = policy.for_api_key("k2", "crm", frozenset({"newsletter"}), True)
    vault.principals = principals  # type: ignore[attr-defined]
    yield vault, {"a": a.subject_id, "b": b.subject_id}
    vault.close()


# principal -> subject -> visible (activity, fields) pairs, or None for "not found"
EXPECTED: dict[str, dict[str, list[tuple[str, list[str]]] | None]] = {
    "dpo": {"a": [("courses", ["course", "email", "name"]), ("newsletter", ["email"])],
            "b": [("courses", ["course", "email", "name"])]},
    "instructor_avg": {"a": [("courses", ["course", "email", "name"])], "b": None},
    "instructor_pr": {"a": None, "b": [("courses", ["course", "email", "name"])]},
    "marketeer": {"a": [("newsletter", ["email"])], "b": None},
    "registrar": {"a": [("courses", ["course", "email", "name"])], "b": [("courses", ["course", "email", "name"])]},
    "website_key": {"a": None, "b": None},
    "reader_key": {"a": [("newsletter", ["email"])], "b": None},
}  # fmt: skip


@pytest.mark.parametrize("who", sorted(EXPECTED))
@pytest.mark.parametrize("subject", ["a", "b"])
def test_reading_subjects(world: tuple[Vault, dict[str, str]], who: str, subject: str) -> None:
    vault, ids = world
    principal = vault.principals[who]  # type: ignore[attr-defined]
    expected = EXPECTED[who][subject]
    with vault.unit() as unit:
        if expected is None:
            with pytest.raises(NotFoundError):
                vault.get_subject(unit, ids[subject], by=principal)
            return
        view = vault.get_subject(unit, ids[subject], by=principal)
        seen = sorted((r.activity, sorted(r.values or {})) for r in view.records)
        assert seen == expected
        [entry] = [e for e in entries_for(unit.data, ids[subject]) if e.actor == principal.actor]
        assert entry.kind == "subject.read"


ACTIONS = {
    "dpo": {("add", "courses"), ("add", "newsletter"), ("erase", "courses"), ("erase", "newsletter")},
    "instructor_avg": set(),
    "marketeer": set(),
    "registrar": set(),
    "website_key": {("add", "courses"), ("add", "newsletter")},
    "reader_key": {("add", "newsletter")},
}


@pytest.mark.parametrize("who", sorted(ACTIONS))
def test_changing_data(world: tuple[Vault, dict[str, str]], who: str) -> None:
    from waarborg.core.errors import ForbiddenError

    vault, ids = world
    principal = vault.principals[who]  # type: ignore[attr-defined]
    values = {
        "courses": {"name": "C", "email": "c@example.nl", "course": "AVG"},
        "newsletter": {"email": "c@example.nl"},
    }
    for activity in ("courses", "newsletter"):
        allowed = ("add", activity) in ACTIONS[who]
        with vault.unit() as unit:
            if allowed:
                vault.add_record(unit, activity, values[activity], by=principal)
                vault.add_event(unit, ids["a"], "unsubscribed", activity=activity, by=principal)
            else:
                with pytest.raises(ForbiddenError):
                    vault.add_record(unit, activity, values[activity], by=principal)
                with pytest.raises(ForbiddenError):
                    vault.add_event(unit, ids["a"], "unsubscribed", activity=activity, by=principal)
    may_erase = all(("erase", a) in ACTIONS[who] for a in ("courses", "newsletter"))
    with vault.unit() as unit:
        if may_erase:
            vault.erase_subject(unit, ids["a"], by=principal)
        else:
            with pytest.raises(ForbiddenError):
                vault.erase_subject(unit, ids["a"], by=principal)


def test_restricted_records_are_for_the_dpo_only(world: tuple[Vault, dict[str, str]]) -> None:
    vault, ids = world
    with vault.unit() as unit:
        unit.data.execute(
            update(Record)
            .where(Record.subject_id == ids["a"], Record.activity == "courses")
            .values(status="restricted")
        )
    with vault.unit() as unit:
        with pytest.raises(NotFoundError):
            vault.get_subject(unit, ids["a"], by=vault.principals["instructor_avg"])  # type: ignore[attr-defined]
        dpo_view = vault.get_subject(unit, ids["a"], by=vault.principals["dpo"])  # type: ignore[attr-defined]
        assert {r.status for r in dpo_view.records} == {"restricted", "active"}


def test_sign_in_and_disable(world: tuple[Vault, dict[str, str]]) -> None:
    vault, _ = world
    with vault.unit() as unit:
        box = vault.staff_secrets
        assert sign_in(unit.data, "docent1", "correct horse battery", None, box).role == "instructor"
        for name, password in (("docent1", "wrong password!"), ("nobody", "correct horse battery")):
            with pytest.raises(UnauthorisedError, match=f"^{SIGN_IN_FAILED}$"):
                sign_in(unit.data, name, password, None, box)
        disable_user(unit.data, "docent1")
        with pytest.raises(UnauthorisedError, match=f"^{SIGN_IN_FAILED}$"):  # the same: no password confirmed
            sign_in(unit.data, "docent1", "correct horse battery", None, box)


@pytest.mark.parametrize(
    ("role", "password", "scope", "message"),
    [
        ("janitor", "correct horse battery", [], "not a role"),
        ("dpo", "short", [], "at least 12"),
        ("instructor", "correct horse battery", [], "name which"),
    ],
)
def test_bad_users(
    world: tuple[Vault, dict[str, str]], role: str, password: str, scope: list[str], message: str
) -> None:
    vault, _ = world
    with vault.unit() as unit, pytest.raises(InputError, match=message):
        add_user(unit.data, vault.register, "x", role, password, scope)


def test_staff_tokens_over_http_enforce_the_role(world: tuple[Vault, dict[str, str]]) -> None:
    from fastapi.testclient import TestClient
    from sqlalchemy import select

    from waarborg.access.tokens import issue_token
    from waarborg.access.users import StaffUser
    from waarborg.web.app import create_app

    vault, ids = world
    with vault.unit() as unit:
        docent = unit.data.execute(select(StaffUser).where(StaffUser.username == "docent1")).scalar_one()
        token = issue_token(unit.data, docent, days=1)
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(vault)) as client:
        own = client.get(f"/api/v1/subjects/{ids['a']}", headers=headers)
        assert own.status_code == 200
        assert [r["activity"] for r in own.json()["records"]] == ["courses"]
        other = client.get(f"/api/v1/subjects/{ids['b']}", headers=headers)  # another course's participant
        assert other.status_code == 404
        assert client.get("/api/v1/subjects", params={"email": "bo@example.nl"}, headers=headers).status_code == 404
        assert client.get("/api/v1/subjects", params={"email": "an@example.nl"}, headers=headers).status_code == 200
        write = client.post(
            "/api/v1/records",
            headers=headers,
            json={"activity": "courses", "data": {"name": "X", "email": "x@example.nl", "course": "AVG"}},
        )
        assert write.status_code == 403
        forged = client.get(f"/api/v1/subjects/{ids['a']}", headers={"Authorization": "Bearer wbu_0000_nope"})
        assert forged.status_code == 401


def test_tokens_expire_and_the_dpo_second_factor(world: tuple[Vault, dict[str, str]]) -> None:
    from datetime import timedelta

    import pyotp
    from sqlalchemy import select, update

    from waarborg.access.tokens import StaffToken, issue_token, user_for_token
    from waarborg.access.users import StaffUser, check_second_factor, enable_totp
    from waarborg.core.timeutil import now

    vault, _ = world
    with vault.unit() as unit:
        dpo = unit.data.execute(select(StaffUser).where(StaffUser.username == "fg")).scalar_one()
        token = issue_token(unit.data, dpo, days=1)
        assert user_for_token(unit.data, token).username == "fg"
        unit.data.execute(update(StaffToken).values(expires_at=now() - timedelta(hours=1)))
        with pytest.raises(UnauthorisedError, match="expired"):
            user_for_token(unit.data, token)
        box = vault.staff_secrets
        uri = enable_totp(dpo, "Voorbeeld", box)
        assert uri.startswith("otpauth://totp/")
        totp = pyotp.parse_uri(uri)
        assert dpo.totp_secret is None and dpo.totp_sealed and totp.secret.encode() not in dpo.totp_sealed
        with pytest.raises(UnauthorisedError, match=f"^{SIGN_IN_FAILED}$"):
            sign_in(unit.data, "fg", "correct horse battery", None, box)  # the password alone is not enough now
        assert sign_in(unit.data, "fg", "correct horse battery", totp.now(), box) is dpo
        with pytest.raises(UnauthorisedError, match=f"^{SIGN_IN_FAILED}$"):  # a code is used once
            sign_in(unit.data, "fg", "correct horse battery", totp.now(), box)
        assert not check_second_factor(dpo, "000000" if totp.now() != "000000" else "111111", box)
        with pytest.raises(InputError, match="second factor already"):
            enable_totp(dpo, "Voorbeeld", box)


# role -> expected HTTP status for: read a (own course), read b, find a by e-mail, add a course record,
# add a newsletter record, add a course event for a
HTTP_EXPECTED = {
    "dpo": (200, 200, 200, 201, 201, 201),
    "instructor_avg": (200, 404, 200, 403, 403, 403),
    "instructor_pr": (404, 200, 404, 403, 403, 403),
    "marketeer": (200, 404, 200, 403, 403, 403),
    "registrar": (200, 200, 200, 403, 403, 403),
    "website_key": (403, 403, 403, 201, 201, 201),
    "reader_key": (200, 404, 200, 403, 201, 403),
}


@pytest.mark.parametrize("who", sorted(HTTP_EXPECTED))
def test_http_matrix(world: tuple[Vault, dict[str, str]], who: str) -> None:
    from fastapi.testclient import TestClient
    from sqlalchemy import select

    from waarborg.access.tokens import issue_token
    from waarborg.access.users import StaffUser
    from waarborg.vault.apikeys import create_key
    from waarborg.web.app import create_app

    vault, ids = world
    names = {
        "dpo": "fg",
        "instructor_avg": "docent1",
        "instructor_pr": "docent2",
        "marketeer": "mk",
        "registrar": "adm",
    }
    with vault.unit() as unit:
        if who in names:
            user = unit.data.execute(select(StaffUser).where(StaffUser.username == names[who])).scalar_one()
            token = issue_token(unit.data, user, days=1)
        elif who == "website_key":
            token = create_key(unit.data, vault.register, "website", ["newsletter", "courses"], False)
        else:
            token = create_key(unit.data, vault.register, "crm", ["newsletter"], True)
    headers = {"Authorization": f"Bearer {token}"}
    course = {"name": "Z", "email": "z@example.nl", "course": "AVG"}
    with TestClient(create_app(vault)) as client:
        statuses = (
            client.get(f"/api/v1/subjects/{ids['a']}", headers=headers).status_code,
            client.get(f"/api/v1/subjects/{ids['b']}", headers=headers).status_code,
            client.get("/api/v1/subjects", params={"email": "an@example.nl"}, headers=headers).status_code,
            client.post("/api/v1/records", headers=headers, json={"activity": "courses", "data": course}).status_code,
            client.post(
                "/api/v1/records", headers=headers, json={"activity": "newsletter", "data": {"email": "y@example.nl"}}
            ).status_code,
            client.post(
                "/api/v1/events",
                headers=headers,
                json={"subject_id": ids["a"], "event": "course_completed", "activity": "courses"},
            ).status_code,
        )
    assert statuses == HTTP_EXPECTED[who]
