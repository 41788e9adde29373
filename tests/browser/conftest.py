"""Browser tests: the ICM register served by a real server, driven by the system's Chromium (Playwright).

Chromium is Debian's (/usr/bin/chromium, `.ci/run` installs it). Without it these tests skip, except in CI
(CI=true), where a missing browser is a failure. Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import uvicorn

from tests.conftest import open_vault
from tests.core.test_mail import free_port
from tests.factories import ROOT
from tests.rights.helpers import BY, Post, add_person
from waarborg.access.users import DPO, add_user
from waarborg.consent import receipts
from waarborg.register.loader import load_register
from waarborg.vault.service import Vault
from waarborg.web.app import create_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
PASSWORD = "een-lang-wachtwoord-2026"
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
    server = uvicorn.Server(uvicorn.Config(create_app(vault, register_path=register_file), host="127.0.0.1",
                                           port=port, log_level="warning"))  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    yield Site(url, vault, post, people)
    server.should_exit = True
    thread.join(timeout=10)
    vault.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
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
