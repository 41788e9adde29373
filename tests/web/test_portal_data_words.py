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
