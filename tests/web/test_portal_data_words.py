"""The data page's words: a record without an end date says so in a sentence, in either language."""

from __future__ import annotations

import pytest

from tests.rights.helpers import BY, add_person
from tests.web.portal_helpers import Seeded, signed_in
from waarborg.rights import requests

EMAIL = "an@example.nl"


@pytest.mark.parametrize(
    ("lang", "phrase", "wrong"),
    [
        ("nl", "Nog geen datum waarop wij dit verwijderen", "Bewaard tot geen"),
        ("en", "No date yet on which we delete this", "Kept until no"),
    ],
)
def test_a_record_without_an_end_date_says_so_in_a_sentence(seeded: Seeded, lang: str, phrase: str, wrong: str) -> None:
    vault = seeded("icm")
    add_person(vault, ["courses"], seed=3, email=EMAIL, course="Excel", attendance="80%")
    with signed_in(vault, EMAIL) as client:
        page = client.get(f"/portal/data?lang={lang}").text
    assert phrase in page
    assert wrong not in page


@pytest.mark.parametrize(("lang", "kind", "status"), [("nl", "Verwijdering", "Wacht op bevestiging"),
                                                      ("en", "Erasure", "Awaiting confirmation")])  # fmt: skip
def test_the_requests_table_says_kind_and_status_in_words_as_cards(seeded: Seeded, lang: str, kind: str,
                                                                   status: str) -> None:  # fmt: skip
    vault = seeded("icm")
    add_person(vault, ["courses"], seed=3, email=EMAIL, course="Excel", attendance="80%")
    with vault.unit() as unit:
        requests.open_request(vault, unit, "erasure", EMAIL, channel="email", lang=lang, by=BY)
    with signed_in(vault, EMAIL) as client:
        page = client.get(f"/portal/data?lang={lang}").text
    table = page.split("<h2", 1)[1].rsplit('<table class="cards">', 1)[1].split("</table>", 1)[0]
    assert f">{kind}<" in table and f">{status}<" in table
    assert ">erasure<" not in table and ">unverified<" not in table
    assert table.count("<td") == table.count("data-label="), "every cell carries its column's label"


@pytest.mark.parametrize(("lang", "day"), [("nl", "31 december 2026"), ("en", "December 31, 2026")])
def test_the_answer_date_is_written_as_a_date_and_nothing_else_gets_on_the_page(seeded: Seeded, lang: str,
                                                                                 day: str) -> None:  # fmt: skip
    vault = seeded("icm")
    add_person(vault, ["courses"], seed=3, email=EMAIL, course="Excel", attendance="80%")
    with signed_in(vault, EMAIL) as client:
        page = client.get(f"/portal/data?lang={lang}&message=due:2026-12-31").text
        forged = client.get(f"/portal/data?lang={lang}&message=due:never, call 0900-SCAM").text
    assert f"{day}." in page and "2026-12-31" not in page
    assert "SCAM" not in forged
