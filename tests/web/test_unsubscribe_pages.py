"""The pages behind a mail's links (/u/ unsubscribe, /r/ confirm a request) are the site's own pages: its
templates, header, stylesheet and strict CSP, their own titles, and the register's tone ('u' or 'je')."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.rights.helpers import BY, Post, add_person, subject_of
from tests.web.portal_helpers import BASE, Seeded
from waarborg.consent import links, receipts
from waarborg.core.timeutil import now
from waarborg.vault.service import Vault
from waarborg.web.app import create_app


def _subscribed(vault: Vault, option: str | None) -> str:
    email, _ = add_person(vault, ["newsletter"], seed=5)
    subject = subject_of(vault, email)
    with vault.unit() as unit:
        receipts.record(vault, unit, subject, "newsletter", [option] if option else None, granted=True,
                        via="web_form", by=BY)  # fmt: skip
    return links.make(vault.ring.links_key, subject, "newsletter", option or receipts.WHOLE, now())


def _site_page(page: str, csp: str) -> None:
    assert '<link rel="stylesheet" href="/static/waarborg.css">' in page
    assert "<style" not in page and 'class="org"' in page, "the site's header, no inline style"
    assert "unsafe-inline" not in csp and "style-src 'self'" in csp


@pytest.mark.parametrize(("register", "option", "you"), [("icm", "tips", "U bent afgemeld"),
                                                         ("ikwerkindezorg", None, "Je bent afgemeld")])  # fmt: skip
def test_unsubscribing_is_a_site_page_in_the_registers_tone(seeded: Seeded, register: str, option: str | None,
                                                            you: str) -> None:  # fmt: skip
    vault = seeded(register)
    token = _subscribed(vault, option)
    with TestClient(create_app(vault), base_url=BASE) as client:
        asked = client.get(f"/u/{token}?lang=nl")
        done = client.post(f"/u/{token}", data={"lang": "nl", "confirm": "1"})
    _site_page(asked.text, asked.headers["content-security-policy"])
    assert "<title>Afmelden" in asked.text and 'method="post"' in asked.text
    assert you in done.text
    other = "Je " if you.startswith("U") else "U "
    assert other not in done.text.split("<main", 1)[1], "one tone on the page"


@pytest.mark.parametrize(("lang", "title"), [("nl", "Uw verzoek bevestigen"), ("en", "Confirm your request")])
def test_the_request_confirmation_page_has_its_own_title(seeded: Seeded, post: Post, monkeypatch: pytest.MonkeyPatch,
                                                         lang: str, title: str) -> None:  # fmt: skip
    monkeypatch.setenv("WAARBORG_SMTP_URL", post.url)
    monkeypatch.setenv("WAARBORG_PUBLIC_URL", BASE)
    vault = seeded("icm")
    with TestClient(create_app(vault), base_url=BASE) as client:
        client.post("/api/v1/requests", json={"type": "access", "email": "an@example.nl", "lang": lang})
        page = client.get(f"/r/{post.link('an@example.nl')}")
        done = client.post(f"/r/{post.link('an@example.nl')}", data={"lang": lang})
        invalid = client.get("/r/not-a-token")
    _site_page(page.text, page.headers["content-security-policy"])
    assert f"<h1>{title}</h1>" in page.text
    assert "Afmelden" not in page.text and "Unsubscribe" not in page.text
    assert done.status_code == 200 and ("bevestigd" in done.text or "confirmed" in done.text)
    assert invalid.status_code == 400 and "Unsubscribe" not in invalid.text and "Afmelden" not in invalid.text
