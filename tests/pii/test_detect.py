"""What the detector finds, and what its validators keep it from finding."""

from __future__ import annotations

import pytest

from waarborg.pii.detect import detect


def kinds(text: str) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in detect(text)]


def test_the_issue_example() -> None:
    found = kinds("Bel Jan de Vries op 06-12345678, BSN 111222333, klantnummer 123456789")
    assert found == [("NAME", "Jan de Vries"), ("PHONE", "06-12345678"), ("BSN", "111222333")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail an.jansen@voorbeeld.nl vandaag", ("EMAIL", "an.jansen@voorbeeld.nl")),
        ("bel +32 470 12 34 56", ("PHONE", "+32 470 12 34 56")),
        ("bel 030-2919888", ("PHONE", "030-2919888")),
        ("op NL91 ABNA 0417 1643 00 graag", ("IBAN", "NL91 ABNA 0417 1643 00")),
        ("BSN 1112.22.333", ("BSN", "1112.22.333")),
        ("geboren op 12-03-1985", ("DATE_OF_BIRTH", "12-03-1985")),
        ("date of birth: 3 May 1990", ("DATE_OF_BIRTH", "3 May 1990")),
        ("woont Stationsplein 12a", ("ADDRESS", "Stationsplein 12a")),
        ("postcode 3511 ED", ("POSTCODE", "3511 ED")),
        ("vanaf 2001:db8::1 ingelogd", ("IP", "2001:db8::1")),
        ("zie https://crm.example.nl/klant?id=8812", ("URL", "https://crm.example.nl/klant?id=8812")),
        ("kenteken 12-ABC-3", ("LICENCE_PLATE", "12-ABC-3")),
        ("KvK-nummer 30123456", ("KVK", "30123456")),
        ("ingeschreven in het handelsregister onder nummer 30123456", ("KVK", "30123456")),
        ("Chamber of Commerce (CoC) registration: 30123456", ("KVK", "30123456")),
        ("geboren in Gouda op 3 mrt 1985", ("DATE_OF_BIRTH", "3 mrt 1985")),
        ("born in Leeds on March 3, 1985", ("DATE_OF_BIRTH", "March 3, 1985")),
        ("ID-kaart SPECI2014 gezien", ("ID_NUMBER", "SPECI2014")),
        ("heeft een burn-out", ("HEALTH", "burn-out")),
        ("verwezen naar een GGZ-instelling", ("HEALTH", "GGZ-instelling")),
        ("ADHD/autisme vastgesteld", ("HEALTH", "autisme")),
        ('"Diabetes", zei hij', ("HEALTH", "Diabetes")),
    ],
)
def test_each_kind(text: str, expected: tuple[str, str]) -> None:
    assert expected in kinds(text)


@pytest.mark.parametrize(
    "name",
    ["mevrouw Öztürk", "dhr. J.P. de Vries", "Ahmed el Amrani", "Mr. O'Brien", "Pieter van den Berg",
     "de heer Van Dijk", "Dr. Smit-Hendriks"],
)  # fmt: skip
def test_names_by_their_shape(name: str) -> None:
    assert ("NAME", name) in kinds(f"Ik heb gisteren met {name} gesproken.") or any(
        kind == "NAME" and name.endswith(text) for kind, text in kinds(f"Ik heb gisteren met {name} gesproken.")
    )


@pytest.mark.parametrize(
    "text",
    [
        "klantnummer 123456789",  # fails the 11-check
        "bestelling 987654321 van 12 euro",
        "IBAN NL91ABNA0417164301",  # a wrong check digit
        "De bakker bakt brood in juni.",
        "Bijlage 3, artikel 15 AVG, versie 2.1.4",
        "Het bedrag is 1.234,56 en 3 stuks",
        "Monday 3 May we meet in Utrecht",
        "server listening on 127.0.0.1:8000 and [::1], bound to 0.0.0.0",  # this machine, no one's address
        "versie 1.2.3.4.5 van het pakket",
    ],
)
def test_look_alikes_are_not_personal_data(text: str) -> None:
    assert [k for k, _t in kinds(text) if k != "HEALTH"] == []


def test_an_mrz_is_found_by_its_check_digits() -> None:
    passport = ("P<NLDDE<BRUIJN<<WILLEKE<LISELOTTE<<<<<<<<<<<\n"
                "SPECI20142NLD6503101F2403096999999990<<<<<84")  # fmt: skip
    found = kinds(f"Kopie paspoort:\n{passport}\nEinde.")
    assert ("MRZ", passport) in found
    broken = passport[:-1] + "5"
    assert all(kind != "MRZ" for kind, _ in kinds(broken))


def test_context_words_reach_no_further_than_their_sentence() -> None:
    assert kinds("Wij staan in het handelsregister. Bestelling 30123456 is verzonden.") == []
    assert kinds("Geboren in 1985. Afspraak op 12-03-2026.") == []


def test_context_words_count_as_whole_words_only() -> None:
    assert kinds("Cocktailbar Zuid, bestelling 30123456 is betaald.") == []
    assert kinds("De dobbelsteen viel op 12-03-2026.") == []
    assert ("DATE_OF_BIRTH", "12-03-1985") in kinds("Birthday: 12-03-1985")


def test_a_kvk_word_does_not_turn_a_phone_number_into_a_kvk_number() -> None:
    assert kinds("KvK 30123456, tel. 06-12345678") == [("KVK", "30123456"), ("PHONE", "06-12345678")]
