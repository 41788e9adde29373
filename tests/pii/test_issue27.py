"""The PII guard on text shaped like an HR system's, a CRM's and a course catalogue's: every example the guard
was found wanting on is here, with the rule each span names."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from waarborg.core.errors import RefusedError
from waarborg.pii import guard
from waarborg.pii.column import kind_shares
from waarborg.pii.detect import SPECIAL, detect
from waarborg.pii.identifiers import validated
from waarborg.pii.redact import LABELS, redact


def found(text: str) -> list[tuple[str, str]]:
    return [(span.kind, span.text) for span in detect(text)]


def test_a_sick_leave_note_is_health_data_word_by_word() -> None:
    note = (
        "Ziekmelding: griep en rugklachten, fysiotherapie gestart. Zwangerschapsecho op dinsdag. Depressieve klachten."
    )
    health = [text for kind, text in found(note) if kind == "HEALTH"]
    assert health == ["Ziekmelding", "griep", "rugklachten", "fysiotherapie", "Zwangerschapsecho", "Depressieve"]
    assert redact(note, "mask").text.count("[GEZONDHEID]") == 6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Afwezig wegens een hernia.", ("HEALTH", "hernia")),
        ("Zij gebruikt insuline en metformine.", ("HEALTH", "insuline")),
        ("Na de knieoperatie revalideert hij.", ("HEALTH", "knieoperatie")),
        ("She is on sick leave with a broken wrist.", ("HEALTH", "sick leave")),
        ("Hij gaat vrijdags naar de moskee.", ("RELIGION", "moskee")),
        ("Lid van de FNV sinds 2019.", ("UNION", "FNV")),
        ("Zij is lesbisch en woont samen.", ("SEXUALITY", "lesbisch")),
        ("Van Marokkaanse afkomst, tweede generatie.", ("ETHNICITY", "Marokkaanse afkomst")),
        ("Toegang met vingerafdruk ingesteld.", ("BIOMETRIC", "vingerafdruk")),
        ("Een BRCA1-mutatie aangetoond.", ("GENETIC", "BRCA1-mutatie")),
        ("De VOG is geweigerd vanwege een veroordeling.", ("CRIMINAL", "veroordeling")),
    ],
)
def test_each_special_category(text: str, expected: tuple[str, str]) -> None:
    assert expected in found(text)


@pytest.mark.parametrize("text", ["Windows SP2 geïnstalleerd.", "De health check van de server faalde.",
                                  "Virusscanner bijgewerkt; de crash is opgelost."])  # fmt: skip
def test_words_that_only_look_special_are_not(text: str) -> None:
    assert not [kind for kind, _ in found(text) if kind in SPECIAL]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("verzoek van 2a02:10b0:6ba2:f04c::7b4d om 10:14", "2a02:10b0:6ba2:f04c::7b4d"),
        ("verzoek van 2001:db8:85a3::8a2e:370:7334.", "2001:db8:85a3::8a2e:370:7334"),
        ("client [2001:db8::1]:443 closed", "2001:db8::1"),
        ("via fe80::1ff:fe23:4567:890a%eth0", "fe80::1ff:fe23:4567:890a%eth0"),
        ("mapped ::ffff:192.0.2.128 seen", "::ffff:192.0.2.128"),
        ("ip:2001:DB8:0:0:8:800:200C:417A", "2001:DB8:0:0:8:800:200C:417A"),
        ("upstream 10.1.2.3:8443 timed out", "10.1.2.3"),
        ("GET http://192.0.2.44/login", "192.0.2.44"),
    ],
)
def test_ip_addresses_in_every_textual_form(text: str, address: str) -> None:
    assert found(text) == [("IP", address)]


@pytest.mark.parametrize("text", ["start 12:30:45", "mac 00:1a:2b:3c:4d:5e", "localhost ::1 and 127.0.0.1", "bind ::",
                                  "versie 1.2.3.4.5"])  # fmt: skip
def test_what_is_no_ones_address_is_left(text: str) -> None:
    assert not [kind for kind, _ in found(text) if kind == "IP"]


def test_a_failed_validation_is_retried_from_the_next_character() -> None:
    """The rule every pattern-based kind shares: the run that failed may start one that passes."""
    pattern = re.compile(r"\d+")
    assert [m.group() for m in validated(pattern, "12345", lambda m: m.group() == "345")] == ["345"]
    assert ("PHONE", "06-12345678") in found("ref 0000 06-12345678")


@pytest.mark.parametrize("text", ["Certificaten als PDF/A. Foutmelding bij upload.", "Werken met Marketing: de basis.",
                                  "Werken met Power BI en Exact Online.", "Vitamine D. Daarnaast oefeningen.",
                                  "Module 3: Excel voor gevorderden\nSharePoint en Teams in de praktijk"])  # fmt: skip
def test_course_descriptions_hold_no_names(text: str) -> None:
    assert not [kind for kind, _ in found(text) if kind == "NAME"]
    assert "[NAAM]" not in redact(text, "mask").text


@pytest.mark.parametrize(("text", "name"), [("Gesproken met J. Bakker.", "J. Bakker"),
                                            ("Overleg met Sanne over Excel.", "Sanne"),
                                            ("Contactpersoon: Sanne Vermeulen", "Sanne Vermeulen")])  # fmt: skip
def test_names_are_still_found_where_the_text_says_so(text: str, name: str) -> None:
    assert ("NAME", name) in found(text)


def test_every_span_names_its_rule_and_every_kind_has_a_label() -> None:
    text = ("Ziekmelding van mw. Kaya (BSN 111222333), tel. 06-12345678, IBAN NL91ABNA0417164300, vanaf 2001:db8::7. "
            "Lid van de FNV. Bel Sanne Vermeulen of J. Bakker, Kerkstraat 12, 3512 AB Utrecht.")  # fmt: skip
    spans = detect(text)
    assert len(spans) >= 9
    assert all(re.fullmatch(r"[a-z-]+:.+", span.rule) for span in spans), [(s.text, s.rule) for s in spans]
    assert {s.rule for s in spans} >= {"bsn:11-check", "iban:mod-97", "ip:ipv6", "name:title", "phone:nl"}
    for lang in ("nl", "en"):
        assert set(SPECIAL) <= set(LABELS[lang])


def test_the_command_shows_the_rule_of_each_span() -> None:
    waarborg = Path(sys.executable).parent / "waarborg"
    line = "Ziekmelding: rugklachten. Verzoek van 2001:db8:85a3::8a2e:370:7334.\n"
    done = subprocess.run([str(waarborg), "redact", "--format", "json"], input=line, capture_output=True, text=True,
                          check=True)  # fmt: skip
    spans = json.loads(done.stdout)["spans"]
    assert [(s["text"], s["type"], s["rule"], s["special"]) for s in spans] == [
        ("Ziekmelding", "HEALTH", "health:ziekmelding", True),
        ("rugklachten", "HEALTH", "health:<body>klachten", True),
        ("2001:db8:85a3::8a2e:370:7334", "IP", "ip:ipv6", False),
    ]


def test_the_guard_refuses_every_special_category_by_name() -> None:
    with pytest.raises(RefusedError, match=r"trade-union membership.*Art 9 or 10"):
        guard.guarded("Hij is lid van de FNV.", lambda prompt: prompt)
    with pytest.raises(RefusedError, match="criminal records"):
        guard.guarded("Zij heeft een strafblad.", lambda prompt: prompt)


SICK_LEAVE = [
    "Ziek gemeld met griep, verwacht terug maandag.", "Rugklachten, fysiotherapie twee keer per week.",
    "Zwangerschapsverlof vanaf 1 maart.", "Migraineaanval, halve dag afwezig.",
    "Burn-outklachten, begeleiding gestart.",
    "Knieblessure na het sporten; operatie gepland.", "Longontsteking, antibiotica voorgeschreven.",
    "Depressieve klachten, gesprek met de psycholoog.", "Hoofdpijn en koorts sinds dinsdag.",
    "Gebroken pols, gips voor zes weken.",
]  # fmt: skip
CATALOGUE = [
    "Werken met Marketing: de basis.", "Excel voor gevorderden: draaitabellen en grafieken.",
    "Projectmatig werken volgens Prince2.", "Certificaten als PDF/A. Foutmelding bij upload.",
    "Schrijven voor het web: helder en kort.", "SharePoint en Teams in de praktijk.",
    "Leidinggeven aan professionals: module 2.", "Power BI: dashboards bouwen met Exact Online data.",
    "Klantgericht communiceren aan de telefoon.", "Time management voor drukke professionals.",
]  # fmt: skip


def test_the_column_view_counts_values_not_hits() -> None:
    assert kind_shares(SICK_LEAVE).get("HEALTH", 0.0) == 1.0
    assert kind_shares(CATALOGUE).get("NAME", 0.0) == 0.0
    assert kind_shares([]) == {}
