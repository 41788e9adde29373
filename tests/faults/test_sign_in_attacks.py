"""Sign-in, links and codes attacked over HTTP against `waarborg serve` (real processes, one database):
wrong codes that roll their count back, forged X-Forwarded-For headers, one limit per process, links and
cookies replayed after use or sign-out, a second factor replayed, and answers that tell a right password
from a wrong one."""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from pathlib import Path

import httpx2 as httpx
import pyotp
import pytest

from tests.factories import DATA
from tests.faults.serve import Server, server_env
from waarborg import migrations
from waarborg.access.policy import operator
from waarborg.access.users import DPO, add_user, enable_totp
from waarborg.core.config import keystore_url
from waarborg.register.loader import load_register
from waarborg.vault.service import Vault
from waarborg.web.words import WORDS

PASSWORD = "een-lang-wachtwoord-2026"
SIGN_IN_FAILED = WORDS["nl"]["login_failed"]  # every failure reads the same, in the reader's language
KNOWN = "bekend@example.nl"


@dataclass
class Site:
    env: dict[str, str]
    outbox: Path
    totp: pyotp.TOTP
    tmp: Path

    def server(self, **extra: str) -> Server:
        server = Server({**self.env, **extra}, self.tmp / f"serve-{secrets.token_hex(3)}.log")
        server.env["WAARBORG_PUBLIC_URL"] = server.url
        return server.start()

    def mails_to(self, address: str, count: int) -> list[str]:
        """The texts of the messages to ``address``, waiting (up to 20 s) until ``count`` arrived."""
        deadline = time.monotonic() + 20
        while True:
            found = []
            for path in sorted(self.outbox.glob("*.eml")) if self.outbox.exists() else []:
                mail = message_from_bytes(path.read_bytes(), policy=policy.default)
                if mail["To"] == address:
                    found.append(str(mail.get_body(("plain",)).get_content()))  # type: ignore[union-attr]
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.05)


@pytest.fixture
def site(db_url: str, tmp_path: Path) -> Iterator[Site]:
    key = secrets.token_bytes(32)
    migrations.upgrade(db_url)
    register_file = DATA / "minimal.yaml"
    keys = keystore_url(db_url, None)  # where `waarborg serve` keeps them
    with (
        Vault.open(load_register(register_file).register, db_url, master_key=key, keystore_url=keys) as vault,
        vault.unit() as unit,
    ):
        user = add_user(unit.data, vault.register, "fg", DPO, PASSWORD)
        totp = pyotp.parse_uri(enable_totp(user, "Voorbeeld", vault.staff_secrets))
        vault.add_record(unit, "newsletter", {"email": KNOWN}, by=operator("test"))
    env = {**server_env(db_url, register_file, key, tmp_path), "WAARBORG_SMTP_URL": f"outbox:{tmp_path / 'outbox'}"}
    yield Site(env, tmp_path / "outbox", totp, tmp_path)


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


def _login(client: httpx.Client, code: str, password: str = PASSWORD, **headers: str) -> httpx.Response:
    token = _csrf(client.get("/office/login").text)
    form = {"username": "fg", "password": password, "code": code, "csrf": token}
    return client.post("/office/login", data=form, headers=headers)


def test_a_wrong_code_counts_and_the_fifth_locks_it_with_a_new_one_by_mail(site: Site) -> None:
    server = site.server()
    try:
        opened = httpx.post(f"{server.url}/api/v1/requests", json={"type": "access", "email": KNOWN}, timeout=30)
        assert opened.status_code == 202, opened.text
        request_id = opened.json()["id"]
        code = re.search(r"\b(\d{6})\b", site.mails_to(KNOWN, 1)[0])
        assert code
        wrong = "000000" if code.group(1) != "000000" else "111111"
        answers = [
            httpx.post(f"{server.url}/api/v1/requests/{request_id}/confirm", json={"code": wrong}, timeout=30)
            for _ in range(5)
        ]
    finally:
        server.stop()
    details = [answer.json()["detail"] for answer in answers]
    assert details[:4] == [f"this code is not right; {n} tries left" for n in (4, 3, 2, 1)], details
    assert answers[4].status_code == 429 and "a new code is on its way" in details[4]
    assert len(site.mails_to(KNOWN, 2)) == 2


def test_forged_forwarded_for_headers_do_not_reset_the_limit(site: Site) -> None:
    server = site.server()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            statuses = [
                _login(client, "000000", "wrong", **{"X-Forwarded-For": f"203.0.113.{n}"}).status_code
                for n in range(12)
            ]
    finally:
        server.stop()
    assert 429 in statuses, statuses


def test_the_user_name_limit_holds_behind_a_trusted_proxy_and_across_servers(site: Site) -> None:
    first, second = site.server(WAARBORG_TRUSTED_PROXIES="127.0.0.1"), site.server()
    try:
        statuses = []
        for n in range(12):  # every try from another "client", on alternate servers
            with httpx.Client(base_url=(first, second)[n % 2].url, timeout=30) as client:
                statuses.append(_login(client, "000000", "wrong", **{"X-Forwarded-For": f"203.0.113.{n}"}).status_code)
    finally:
        first.stop()
        second.stop()
    assert statuses[:10] == [200] * 10 and statuses[10:] == [429, 429], statuses


def test_every_sign_in_failure_reads_the_same_and_a_code_works_once(site: Site) -> None:
    server = site.server()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            no_code = _login(client, "").text
            wrong_password = _login(client, site.totp.now(), "not-the-password").text
            code = site.totp.now()
            first = _login(client, code)
        with httpx.Client(base_url=server.url, timeout=30) as again:
            replayed = _login(again, code)
    finally:
        server.stop()
    assert SIGN_IN_FAILED in no_code and SIGN_IN_FAILED in wrong_password
    assert first.status_code == 303 and first.headers["location"] == "/office"
    assert replayed.status_code == 200 and SIGN_IN_FAILED in replayed.text, "the same code again"


def test_a_portal_link_works_once_and_sign_out_ends_the_session_on_every_server(site: Site) -> None:
    first, second = site.server(), site.server()
    try:
        with httpx.Client(base_url=first.url, timeout=30) as client:
            client.post("/portal", data={"email": KNOWN, "csrf": _csrf(client.get("/portal").text)})
            link = re.search(r"(/portal/t/\S+)", site.mails_to(KNOWN, 1)[0])
            assert link
            used = client.get(link.group(1), follow_redirects=False)
            assert used.status_code == 303
            cookie = used.cookies["wb_portal"]
            again = client.get(link.group(1), follow_redirects=False)
            assert again.status_code == 400, "a link works once"
            client.cookies.set("wb_portal", cookie)
            data = client.get("/portal/data", follow_redirects=False)
            assert data.status_code == 200 and KNOWN in data.text
            signed_out = client.post("/portal/sign-out", data={"csrf": _csrf(data.text)}, follow_redirects=False)
            assert signed_out.status_code == 303
        for server in (first, second):
            with httpx.Client(base_url=server.url, cookies={"wb_portal": cookie}, timeout=30) as replaying:
                replay = replaying.get("/portal/data", follow_redirects=False)
            assert replay.status_code == 303 and replay.headers["location"] == "/portal", server.url
    finally:
        first.stop()
        second.stop()


def test_an_office_session_ends_on_the_server_at_sign_out(site: Site) -> None:
    server = site.server()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            _login(client, site.totp.now())
            cookie = client.cookies["wb_office"]
            queue = client.get("/office")
            assert queue.status_code == 200
            client.post("/office/sign-out", data={"csrf": _csrf(queue.text)})
        with httpx.Client(base_url=server.url, cookies={"wb_office": cookie}, timeout=30) as replaying:
            replay = replaying.get("/office", follow_redirects=False)
    finally:
        server.stop()
    assert replay.status_code in (303, 307) and replay.headers["location"].endswith("/office/login")


def test_second_factor_secrets_are_not_in_the_database_in_the_clear(site: Site, db_url: str) -> None:
    from sqlalchemy import select

    from waarborg.access.users import StaffUser
    from waarborg.core.db import make_engine

    engine = make_engine(db_url)
    with engine.connect() as connection:
        row = connection.execute(select(StaffUser.totp_secret, StaffUser.totp_sealed)).one()
    engine.dispose()
    assert row.totp_secret is None and row.totp_sealed and site.totp.secret.encode() not in row.totp_sealed
    if db_url.startswith("sqlite:///"):
        path = Path(db_url.removeprefix("sqlite:///"))
        for file in [path, *path.parent.glob(path.name + "-*")]:
            assert site.totp.secret.encode() not in file.read_bytes(), file
