"""The data page's words: a record without an end date says so in a sentence, in either language."""

from __future__ import annotations

import pytest

from tests.rights.helpers import add_person
from tests.web.portal_helpers import Seeded, signed_in

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
