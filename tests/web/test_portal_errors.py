"""Error pages on the portal's and office's paths: the site's page (header, language switch) in the reader's
language, never a developer's English message or JSON; the API keeps its JSON."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.rights.helpers import add_person
from tests.web.portal_helpers import BASE, Seeded, signed_in
from waarborg.web.app import create_app

DEVELOPER = ("the form has expired", "your session has ended", "not found", '{"error"', "Not Found")


def _a_site_page(answer_text: str, lang: str) -> None:
    assert f'<html lang="{lang}">' in answer_text and 'class="org"' in answer_text
    assert not any(word in answer_text for word in DEVELOPER), answer_text


@pytest.mark.parametrize(("lang", "words"), [("nl", "Deze pagina bestaat niet"), ("en", "This page does not exist")])
def test_an_unknown_page_is_a_site_page_in_the_readers_language(seeded: Seeded, lang: str, words: str) -> None:
    with TestClient(create_app(seeded("icm")), base_url=BASE) as client:
        for path in ("/portal/nothing-here", "/office/nothing-here"):
            answer = client.get(f"{path}?lang={lang}")
            assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")
            _a_site_page(answer.text, lang)
            assert words in answer.text
        assert client.get("/api/v1/nothing-here").json()["error"] == "not_found", "the API answers in JSON"


def test_an_expired_form_says_so_in_the_persons_language(seeded: Seeded) -> None:
    vault = seeded("icm")
    email, _ = add_person(vault, ["newsletter"], seed=8)
    with signed_in(vault, email) as client:
        client.get("/portal/data?lang=nl")
        answer = client.post("/portal/consent", data={"csrf": "wrong"})
    assert answer.status_code == 403
    _a_site_page(answer.text, "nl")
    assert "formulier is verlopen" in answer.text


def test_a_form_after_the_session_ended_leads_back_to_the_portal(seeded: Seeded) -> None:
    with TestClient(create_app(seeded("icm")), base_url=BASE) as client:
        answer = client.post("/portal/request?lang=en", data={"csrf": "x", "kind": "access"})
    assert answer.status_code == 401
    _a_site_page(answer.text, "en")
    assert 'href="/portal"' in answer.text and "ask for a new link" in answer.text.lower()
