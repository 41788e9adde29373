"""The landing page names which demo person and sign-in shows what, in Dutch and English, in tables that
read on a phone (cards: a label on every cell), without a developer's word."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.factories import ROOT
from tests.test_demo_vault import open_demo
from waarborg.demo.build import Built, build_vault
from waarborg.web.app import create_app

ICM = ROOT / "examples" / "registers" / "icm.yaml"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Built]]:
    folder = tmp_path_factory.mktemp("landing") / "icm"
    built = build_vault(ICM, 30, folder)
    with open_demo(ICM, folder) as vault, TestClient(create_app(vault, demo=built.facts)) as client:
        yield client, built


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", ["Functionaris gegevensbescherming", "Trainer", "deelnemers aan de opleiding",
                "Toestemming voor Mailings met inspiratie en aanbiedingen: Tips, Aanbiedingen",
                "Verwijderverzoek: net binnen", "Inzageverzoek: bijna verlopen", "Correctieverzoek: termijn verstreken",
                "Vraag: beantwoord", "Juridische bewaarplicht", "72-uursklok"]),
        ("en", ["Data protection officer", "Instructor", "participants of the course",
                "Consent to Mailings with inspiration and offers: Tips, Offers",
                "Erasure request: just in", "Access request: due soon", "Correction request: overdue",
                "Question: answered", "Legal hold", "72-hour clock"]),
    ],
)  # fmt: skip
def test_the_landing_page_says_who_shows_what(site: tuple[TestClient, Built], lang: str, expected: list[str]) -> None:
    client, built = site
    page = client.get(f"/?lang={lang}")
    assert page.status_code == 200
    text = text_of(page.text)
    for words in expected:
        assert words in text, words
    for person in ("an@example.nl", "bram@example.nl", "carla@example.nl"):
        assert person in text
    instructor = next(s for s in built.facts["signins"] if s["role"] == "instructor")
    assert f"{instructor['participants']} " in text and instructor["course"] in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_developer_word_on_the_landing_page(site: tuple[TestClient, Built], lang: str) -> None:
    client, _ = site
    text = text_of(client.get(f"/?lang={lang}").text)
    for key in ("erasure", "rectification", "newsletter", "withdraw_consent", "overdue", "answered", "Role"):
        if lang == "en" and key in ("overdue", "answered", "Role"):
            continue  # English words in an English page
        assert not re.search(rf"\b{key}\b", text), key
    assert "{" not in text, "every sentence is filled"


def test_the_tables_are_cards_with_a_label_on_every_cell(site: tuple[TestClient, Built]) -> None:
    html = site[0].get("/?lang=nl").text
    tables = re.findall(r"<table[^>]*>", html)
    assert len(tables) == 2 and all('class="cards"' in t for t in tables)
    cells = re.findall(r"<td[^>]*>", html)
    assert cells and all(re.search(r'data-label="[^"]+"', c) for c in cells)


def test_without_a_demo_the_landing_page_has_no_demo_part(tmp_path: Path) -> None:
    folder = tmp_path / "icm"
    build_vault(ICM, 5, folder)
    with open_demo(ICM, folder) as vault, TestClient(create_app(vault)) as client:
        page = client.get("/?lang=en")
    assert page.status_code == 200 and "<table" not in page.text and "an@example.nl" not in page.text
