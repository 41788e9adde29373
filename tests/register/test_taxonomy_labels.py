"""Waarborg's own Dutch and English labels cover the whole fideslang default taxonomy, and nothing else."""

from __future__ import annotations

from importlib import resources
from typing import Any, get_args

import pytest
import yaml

from waarborg.register import taxonomy
from waarborg.register.taxonomy import Kind, default_keys, label

KINDS: tuple[Kind, ...] = get_args(Kind)
LANGS = ("nl", "en")


def labels_file() -> dict[str, dict[str, Any]]:
    text = resources.files("waarborg.register").joinpath("taxonomy_labels.yaml").read_text("utf-8")
    data: dict[str, dict[str, Any]] = yaml.safe_load(text)
    return data


def test_file_has_exactly_the_three_sections() -> None:
    assert set(labels_file()) == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_every_default_key_has_both_labels(kind: Kind) -> None:
    section = labels_file()[kind]
    missing = sorted(default_keys()[kind] - set(section))
    assert not missing, f"{kind}: no labels for {missing}"
    for key in default_keys()[kind]:
        assert set(section[key]) == set(LANGS), f"{kind}.{key}: expected exactly {LANGS}"


@pytest.mark.parametrize("kind", KINDS)
def test_no_label_is_empty(kind: Kind) -> None:
    for key, labels in labels_file()[kind].items():
        for lang in LANGS:
            value = labels.get(lang)
            assert isinstance(value, str), f"{kind}.{key}.{lang} is not text: {value!r}"
            assert value.strip(), f"{kind}.{key}.{lang} is empty"
            assert value == value.strip(), f"{kind}.{key}.{lang} has surrounding spaces"
            assert value[0].isupper() or not value[0].isalpha(), f"{kind}.{key}.{lang} starts lowercase"


@pytest.mark.parametrize("kind", KINDS)
def test_no_keys_that_fideslang_lacks(kind: Kind) -> None:
    extra = sorted(set(labels_file()[kind]) - default_keys()[kind])
    assert not extra, f"{kind}: keys not in the fideslang default taxonomy: {extra}"


@pytest.mark.parametrize("kind", KINDS)
def test_label_returns_the_file_label_per_language(kind: Kind) -> None:
    for key, labels in labels_file()[kind].items():
        assert label(key, "nl") == labels["nl"]
        assert label(key, "en") == labels["en"]


@pytest.mark.parametrize(
    ("key", "nl", "en"),
    [
        ("user.contact.email", "E-mailadres", "E-mail address"),
        ("user.demographic.date_of_birth", "Geboortedatum", "Date of birth"),
        ("user.financial.bank_account", "Bankrekeningnummer", "Bank account number"),
        ("user.device.ip_address", "IP-adres", "IP address"),
        ("essential.service", "Dienstverlening", "Providing the service"),
        ("marketing.communications.email", "E-mailmarketing", "E-mail marketing"),
        ("job_applicant", "Sollicitant", "Job applicant"),
        ("trainee", "Cursist", "Trainee"),
        ("prospect", "Potentiële klant", "Prospect"),
    ],
)
def test_known_labels(key: str, nl: str, en: str) -> None:
    assert label(key, "nl") == nl
    assert label(key, "en") == en


def test_dutch_and_english_differ_somewhere() -> None:
    labels = taxonomy.default_labels()
    assert any(v["nl"] != v["en"] for v in labels.values())
