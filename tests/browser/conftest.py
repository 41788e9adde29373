"""Browser tests: the ICM register served by a real server, driven by the system's Chromium (Playwright).

Chromium is Debian's (/usr/bin/chromium, `.ci/run` installs it). Without it these tests skip, except in CI
(CI=true), where a missing browser is a failure. Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from aiosmtpd.controller import Controller
from sqlalchemy import delete, text

from tests.browser.seed import INSTRUCTOR, OFFICER, PASSWORD, Seeded, seed
from tests.conftest import POSTGRES, open_vault
from tests.core.test_mail import Inbox, free_port
from tests.factories import ROOT
from tests.rights.helpers import BY, Post, add_person
from waarborg.access.guards import AttemptCounter
from waarborg.access.users import DPO, add_user
from waarborg.consent import links, receipts
from waarborg.core.db import make_engine
from waarborg.core.timeutil import now
from waarborg.register.loader import load_register
from waarborg.runtime import Runtime
from waarborg.vault.service import Vault
from waarborg.web.app import create_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip
PHONE = {"width": 390, "height": 844}

if CHROMIUM is None and os.environ.get("CI") == "true":
    raise RuntimeError("CI needs Chromium for the browser tests (.ci/run installs the Debian package chromium)")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no system Chromium (Debian package chromium)")


@dataclass
class Site:
    url: str
    vault: Vault
    post: Post
    people: dict[str, str]  # name -> e-mail address

    def shot(self, page: Any, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def site(db_url: str, master_key: bytes, post: Post, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    register_file = ROOT / "examples" / "registers" / "icm.yaml"
    vault = open_vault(load_register(register_file).register, db_url, master_key)
    people = {
        "an": add_person(vault, ["courses", "newsletter"], seed=21, email="an@example.nl", course="Excel")[0],
        "bo": add_person(vault, ["courses"], seed=22, email="bo@example.nl", course="Projectmanagement")[0],
    }
    with vault.unit() as unit:
        subject = vault.find_subject(unit, "email", people["an"], by=BY)
        assert subject is not None
        receipts.record(vault, unit, subject, "newsletter", None, granted=True, via="web_form", by=BY)
        add_user(unit.data, vault.register, "fg", DPO, PASSWORD)
        add_user(unit.data, vault.register, "trainer", "instructor", PASSWORD, ["Excel"])
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    monkeypatch.setenv("WAARBORG_SMTP_URL", post.url)
    monkeypatch.setenv("WAARBORG_PUBLIC_URL", url)
    with serving(create_app(vault, register_path=register_file), port):
        yield Site(url, vault, post, people)
    vault.close()


@contextmanager
def serving(app: Any, port: int) -> Iterator[None]:
    """The app on 127.0.0.1:port in a thread, for the duration of the block."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:  # a module's pytestmark is its own: the one above does not reach the test modules
        pytest.skip("no system Chromium (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical findings on the page (WCAG 2.1 A/AA rules)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a",
                                                                           "wcag21aa"]}})  # fmt: skip
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


# --- the page tour: one server per module over a seeded vault, signed-in sessions made once ---------------


@dataclass
class Tour:
    url: str
    vault: Vault
    post: Post
    seeded: Seeded
    confirmation: str  # the path of the link that confirms the request made on the website (/r/...)
    unsubscribe: str  # the path of a signed unsubscribe link (/u/...)

    def forget_attempts(self) -> None:
        """Clear the rate limits' counters: the tour asks for more portal links than a person may in five
        minutes, and the limits are not what it is about."""
        with self.vault.unit() as unit:
            unit.data.execute(delete(AttemptCounter))


def fresh_database(folder: Path) -> str:
    """An empty database for a module, as the ``db_url`` fixture makes one for a test."""
    if not POSTGRES:
        return f"sqlite:///{folder / 'waarborg.db'}"
    url = os.environ["WAARBORG_TEST_DB"]
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@contextmanager
def mail_server() -> Iterator[Post]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield Post(inbox, port)
    finally:
        controller.stop()


@contextmanager
def seeded_site(folder: Path) -> Iterator[Tour]:
    """ICM's register with the seed's people, requests and breach, served on a free port."""
    register_file = ROOT / "examples" / "registers" / "icm.yaml"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    vault = open_vault(load_register(register_file).register, fresh_database(folder), secrets.token_bytes(32))
    with mail_server() as post:
        seeded = seed(vault, post.send, url)
        found = re.search(rf"{re.escape(url)}(/r/\S+)", post.text(seeded.people["cas"]))
        assert found, "the website request's receipt has no confirmation link"
        with vault.unit() as unit:
            subject = vault.find_subject(unit, "email", seeded.people["an"], by=BY)
        assert subject is not None
        unsubscribe = links.url("", links.make(vault.ring.links_key, subject, "newsletter", "tips", now()))
        runtime = Runtime.from_environment(smtp_url=post.url, public_url=url)
        try:
            with serving(create_app(vault, register_path=register_file, runtime=runtime), port):
                yield Tour(url, vault, post, seeded, found.group(1), unsubscribe)
        finally:
            vault.close()


@pytest.fixture(scope="module")
def tour(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tour]:
    with seeded_site(tmp_path_factory.mktemp("tour")) as made:
        yield made


def sign_in_to_portal(page: Any, tour: Tour, email: str) -> None:
    """Ask for the link on the portal page, then open it from the mail, as a person does."""
    tour.forget_attempts()
    mails_before = tour.post.count(email)
    page.goto(f"{tour.url}/portal")
    page.locator("form[action='/portal'] input[type=email]").fill(email)
    page.locator("form[action='/portal'] [type=submit]").click()
    page.wait_for_load_state()
    link = portal_link(tour.post, email, mails_before)
    assert link is not None, "no portal link in the mail"
    page.goto(link.group(1))
    page.wait_for_url("**/portal/data")


def portal_link(post: Post, email: str, mails_before: int, wait: float = 15.0) -> re.Match[str] | None:
    """The link of the mail the portal sends after ``mails_before`` mails to ``email``: it goes out from the
    mail queue after the answer, so on a busy machine it can arrive a moment after the page."""
    deadline = time.monotonic() + wait
    while post.count(email) <= mails_before and time.monotonic() < deadline:
        time.sleep(0.05)
    return re.search(r"(http://\S+/portal/t/\S+)", post.text(email)) if post.count(email) else None


def sign_in_to_office(page: Any, tour: Tour, username: str) -> None:
    tour.forget_attempts()
    page.goto(f"{tour.url}/office/login")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form[action='/office/login'] [type=submit]").click()
    page.wait_for_url(re.compile(r"/office(/subjects)?$"))


@pytest.fixture(scope="module")
def sessions(browser: Any, tour: Tour) -> dict[str, Any]:
    """Each kind of visitor's cookies, signed in once per module: the person, the officer, the instructor."""
    states: dict[str, Any] = {"anyone": None}
    for who in ("person", "officer", "instructor"):
        context = browser.new_context()
        page = context.new_page()
        if who == "person":
            sign_in_to_portal(page, tour, tour.seeded.people["an"])
        else:
            sign_in_to_office(page, tour, OFFICER if who == "officer" else INSTRUCTOR)
        states[who] = context.storage_state()
        context.close()
    return states
