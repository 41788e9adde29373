"""Request mails name fields and activities by the register's labels in the mail's language, never by key."""

from __future__ import annotations

import pytest

from tests.rights.helpers import SEEDS
from waarborg.register.loader import load_register
from waarborg.register.schema import Register
from waarborg.register.types import tr
from waarborg.rights.answers import Kept, Writer

TO = "an@example.nl"


@pytest.fixture(scope="module")
def icm() -> Register:
    return load_register(SEEDS / "icm.yaml").register


@pytest.mark.parametrize(("lang", "label"), [("nl", "Postadres"), ("en", "Postal address")])
def test_a_correction_names_the_fields_by_their_labels(icm: Register, lang: str, label: str) -> None:
    outcome = {"fields": ["postal_address"], "activities": ["courses"]}
    text = Writer(icm, lang).result(TO, "rectification", outcome).text
    assert label in text
    assert "postal_address" not in text


def test_a_field_found_in_no_listed_activity_is_named_by_any_activity_that_declares_it(icm: Register) -> None:
    text = Writer(icm, "nl").result(TO, "rectification", {"fields": ["postal_address"], "activities": []}).text
    assert "Postadres" in text and "postal_address" not in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_what_an_erasure_keeps_is_named_by_labels(icm: Register, lang: str) -> None:
    kept = Kept("courses", ["postal_address"], "art. 52 AWR", "tax law", "2031-01-01")
    text = Writer(icm, lang).result(TO, "erasure", {"erased": 1, "kept": [kept.as_dict()]}).text
    assert f"- {tr(icm.activities['courses'].label, lang)} (" in text
    assert "- courses (" not in text and "postal_address" not in text
