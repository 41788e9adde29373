"""The list of words a Dutch page may not show is built from the code; these check that it holds what it must,
leaves out what it must, and finds a word on a page; and the other form of address is found (no browser
needed)."""

from __future__ import annotations

import pytest

from tests.browser.checks import Reader
from tests.browser.english import banned, dutch_table_words, english_on, register_texts, step_names, tokens
from tests.factories import ROOT
from waarborg.register.loader import load_register
from waarborg.register.schema import Register
from waarborg.register.types import tr
from waarborg.rights import clock, requests
from waarborg.web.words import WORDS


@pytest.fixture(scope="module")
def icm() -> Register:
    return load_register(ROOT / "examples" / "registers" / "icm.yaml").register


def test_the_raw_words_of_requests_and_the_register_are_banned(icm: Register) -> None:
    words = banned(icm)
    assert set(clock.KINDS) <= words
    assert set(requests.OPEN + requests.CLOSED) <= words
    assert {"receipt_sent", "verification_sent", "verified", "fulfil", "postal_address"} <= words


def test_the_steps_are_found_in_the_library() -> None:
    assert {"received", "verified", "receipt_sent", "answer_sent", "extended"} <= step_names()


def test_english_only_ui_words_are_banned_and_shared_ones_are_not(icm: Register) -> None:
    words = banned(icm)
    english_only = set(tokens(WORDS["en"]["sign_out"])) - dutch_table_words()  # "Sign out"
    assert english_only and english_only <= words
    assert "e-mail" not in words  # the same word in Dutch
    assert "icm" not in words  # the organisation's name


def test_a_raw_word_on_a_dutch_page_is_found_with_where_it_stands(icm: Register) -> None:
    found = english_on("Soort Status\nerasure   verified 2026-12-09", banned(icm))
    assert [entry.split()[0] for entry in found] == ["erasure", "verified"]
    assert "Soort Status erasure verified" in found[0]


def test_addresses_ids_dates_and_single_letters_are_not_words(icm: Register) -> None:
    text = "an@example.nl https://example.nl/request/the a5a8bc0a338a 2026-12-09 artikel 6(1)(a) AVG"
    assert english_on(text, banned(icm)) == []


def test_the_registers_own_dutch_and_notes_may_be_quoted_but_not_its_english_labels(icm: Register) -> None:
    quoted = register_texts(icm)
    notes = [text for text in quoted if text.startswith("The statement says")]  # one-language notes on inferences
    assert notes
    page = f"Bevindingen: Op de verklaring maar aangenomen: {notes[0]} Bevestig de waarde."
    assert english_on(page, banned(icm)) != []
    assert english_on(page, banned(icm), quoted) == []
    english_label = tr(icm.activities["newsletter"].label, "en")
    assert english_label not in quoted and tr(icm.activities["newsletter"].label, "nl") in quoted
    assert english_on(f"Verwerking: {english_label}", banned(icm), quoted) != []


def test_the_other_form_of_address_is_found(icm: Register) -> None:
    formal = Reader.of(icm)
    assert formal.tone == "formal"
    assert formal.wrong_tone("Wil je je afmelden voor al onze berichten?") == ["je"]
    assert formal.wrong_tone("Wilt u zich afmelden? Uw keuzes zijn opgeslagen.") == []
    informal = Reader.of(load_register(ROOT / "examples" / "registers" / "igen.yaml").register)
    assert informal.wrong_tone("Wilt u zich afmelden? Uw keuzes zijn opgeslagen.") == ["u", "uw"]
