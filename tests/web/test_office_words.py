"""Every office page in the reader's language: no developer's word (raw keys, English headers) on a Dutch page,
and every office word in Dutch and English."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from tests.factories import ROOT
from tests.rights.helpers import BASE, Post
from tests.web.office_helpers import Office, open_office
from waarborg.vault.service import Vault
from waarborg.web.app import create_app
from waarborg.web.words_office import OFFICE

RAW = ("erasure", "access", "verified", "unverified", "fulfilled", "fulfil", "refused", "waiting", "receipt_sent",
       "answer_sent", "Rule", "Severity", "Where", "Role", "Basis", "Systems", "Step", "request.step",
       "subject.read", "legal_obligation", "legitimate_interests", "high", "none", "not_reportable", "overdue",
       "warning", "error", "restricted", "Carried out", "Received")  # fmt: skip


@pytest.fixture
def office(seeded: Callable[[str], Vault], post: Post, monkeypatch: pytest.MonkeyPatch) -> Iterator[Office]:
    yield from open_office(seeded, post, monkeypatch)


def visible(page: str) -> str:
    """The text a reader sees in the page's main part (no tags, no attribute values)."""
    main = page.split("<main", 1)[1]
    return html.unescape(re.sub(r"<[^>]+>", " ", main))


def test_no_developers_word_on_a_dutch_office_page(office: Office) -> None:
    email = office.person(["courses", "newsletter"], 61, "ria@example.nl")
    erasure = office.request("erasure", email, details={"no_contact": True})
    refused = office.request("access", office.person(["courses"], 62, "sam@example.nl"))
    office.sign_in()
    token = office.token(f"/office/requests/{refused}")
    office.client.post(f"/office/requests/{refused}/refuse", data={"csrf": token, "reason": "dubbel verzoek"})
    breach = office.post_form("/office/breaches", {"description": "Lek", "activity": ["courses"], "risk": "high"})
    pages = ["/office", f"/office/requests/{erasure}", f"/office/requests/{erasure}/confirm",
             f"/office/requests/{refused}?message=refuse", "/office/breaches", breach.headers["location"],
             "/office/audit", "/office/forecast", "/office/subjects?email=ria@example.nl"]  # fmt: skip
    for path in pages:
        response = office.client.get(path, params={"lang": "nl"})
        assert response.status_code == 200, path
        text = visible(response.text)
        leaked = [word for word in RAW if re.search(rf"(?<![\w.@-]){re.escape(word)}(?![\w.@-])", text)]
        assert leaked == [], f"{path}: {leaked}"


def test_the_register_page_heads_its_tables_in_words(office: Office) -> None:
    with TestClient(create_app(office.vault, register_path=ROOT / "examples" / "registers" / "icm.yaml"),
                    base_url=BASE) as client:  # fmt: skip
        office.client = client
        office.sign_in()
        dutch = client.get("/office/register?lang=nl").text
        english = client.get("/office/register?lang=en").text
    for header in ("Regel", "Ernst", "Waar", "Grondslag", "Systemen"):
        assert f'<th scope="col">{header}</th>' in dutch
    for header in ("Rule", "Severity", "Where", "Legal basis", "Systems"):
        assert f'<th scope="col">{header}</th>' in english
    assert 'data-label="Ernst"' in dutch and "toestemming" in visible(dutch)
    activities = visible(dutch).rsplit("Verwerking", 1)[-1]  # the lint messages are the linter's own
    leaked = [w for w in ("Rule", "Severity", "Where", "Basis", "consent", "legitimate_interests") if
              re.search(rf"\b{w}\b", activities)]  # fmt: skip
    assert leaked == [] and "gerechtvaardigd belang" in activities
    assert str(ROOT) not in dutch, "where: the register file's name, not the server's folders"


def test_every_office_word_is_in_both_languages() -> None:
    assert set(OFFICE["nl"]) == set(OFFICE["en"])
    assert all(value.strip() for table in OFFICE.values() for value in table.values())


def test_every_office_table_shows_as_cards_on_a_phone() -> None:
    templates = ROOT / "src" / "waarborg" / "web" / "templates"
    for path in sorted(templates.glob("office_*.html.j2")):
        source = path.read_text(encoding="utf-8")
        assert source.count("<table") == source.count('<table class="cards"'), path.name
        cells = re.findall(r"<td[^>]*>", source)
        assert all("data-label=" in cell for cell in cells), path.name
