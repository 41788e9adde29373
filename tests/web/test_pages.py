"""The pages' defences without a browser: CSRF on every form, the security headers, cookie flags, rate limits."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from waarborg.access.users import DPO, add_user
from waarborg.vault.service import Vault
from waarborg.web.app import create_app

PASSWORD = "een-lang-wachtwoord-2026"


@pytest.fixture
def client(vault: Vault) -> Iterator[TestClient]:
    with vault.unit() as unit:
        add_user(unit.data, vault.register, "fg", DPO, PASSWORD)
    with TestClient(create_app(vault), base_url="https://privacy.example.nl") as made:
        yield made


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found
    return found.group(1)


def test_every_page_sends_the_security_headers(client: TestClient) -> None:
    for path in ("/", "/portal", "/office/login", "/privacy"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "default-src 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"


def test_a_form_without_its_token_is_refused(client: TestClient) -> None:
    client.get("/portal")
    refused = client.post("/portal", data={"email": "an@example.nl", "csrf": "forged"})
    assert refused.status_code == 403 and "<html" in refused.text
    assert "Laad de pagina opnieuw" in refused.text or "Reload the page" in refused.text, "in the reader's words"
    cookie = client.cookies.get("wb_form")
    assert cookie


def test_staff_sign_in_sets_a_secure_cookie_and_is_rate_limited(client: TestClient) -> None:
    token = _csrf(client.get("/office/login").text)
    wrong = client.post("/office/login", data={"username": "fg", "password": "wrong-password!", "csrf": token})
    assert wrong.status_code == 200 and "error" in wrong.text
    right = client.post("/office/login", data={"username": "fg", "password": PASSWORD, "csrf": token},
                        follow_redirects=False)  # fmt: skip
    assert right.status_code == 303
    flags = right.headers["set-cookie"].lower()
    assert "httponly" in flags and "secure" in flags and "samesite=lax" in flags
    statuses = [client.post("/office/login", data={"username": "fg", "password": "x", "csrf": token}).status_code
                for _ in range(10)]  # fmt: skip
    assert 429 in statuses, "ten attempts in five minutes, then a pause"


def test_office_pages_need_a_session(client: TestClient) -> None:
    for path in ("/office", "/office/register", "/office/subjects"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code in (303, 307) and response.headers["location"].endswith("/office/login")


def test_the_statement_is_a_page_of_the_site_with_its_header_and_a_strict_policy(client: TestClient) -> None:
    page = client.get("/privacy?lang=nl")
    assert "unsafe-inline" not in page.headers["content-security-policy"]
    header = page.text.split("<header>", 1)[1].split("</header>", 1)[0]
    assert 'href="/portal"' in header and 'hreflang="en"' in header
    assert page.text.count("<main") == 1 and page.text.count("<h1") == 1, "one main and one heading"
    assert 'class="cards"' in page.text and "data-label=" in page.text, "its tables read on a phone"


def test_the_language_switch_keeps_the_page_and_its_query_but_not_a_one_time_message(client: TestClient) -> None:
    html = client.get("/office/login?lang=nl&next=%2Foffice%2Faudit&message=signed-out").text
    switch = re.search(r'<a href="([^"]+)"[^>]*hreflang="en"', html)
    assert switch is not None
    assert switch.group(1).replace("&amp;", "&") == "/office/login?next=%2Foffice%2Faudit&lang=en"
