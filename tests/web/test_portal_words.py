"""The web's word tables: every request kind and status has a word in both languages."""

from __future__ import annotations

import pytest

from waarborg.rights.clock import KINDS
from waarborg.rights.requests import CLOSED, OPEN
from waarborg.web.words import WORDS


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_request_kind_and_status_has_a_word(lang: str) -> None:
    words = WORDS[lang]
    for kind in KINDS:
        assert words[f"kind_{kind}"] and "_" not in words[f"kind_{kind}"]
    for status in (*OPEN, *CLOSED):
        assert words[f"status_{status}"] and "_" not in words[f"status_{status}"]


def test_both_languages_have_the_same_words() -> None:
    assert set(WORDS["nl"]) == set(WORDS["en"])
