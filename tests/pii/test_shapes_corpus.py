"""The shapes corpus of the PII benchmark (bench/pii/shapes.py) and the benchmark's scoring (bench/pii/scoring.py)."""

from __future__ import annotations

import importlib.util
import ipaddress
import json
import re
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import phonenumbers
import pytest
from stdnum import iban
from stdnum.nl import bsn, postcode

BENCH = Path(__file__).resolve().parents[2] / "bench" / "pii"
KINDS = ("NAME", "EMAIL", "PHONE", "IBAN", "BSN", "POSTCODE", "ADDRESS", "IP", "URL", "DATE_OF_BIRTH", "ID_NUMBER",
         "LICENCE_PLATE", "KVK")  # fmt: skip
SPECIAL = ("HEALTH", "RELIGION", "POLITICS", "UNION", "SEXUALITY", "ETHNICITY", "BIOMETRIC", "GENETIC", "CRIMINAL")


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_pii_{name}", BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


shapes = load("shapes")
scoring = load("scoring")


def read(split: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (BENCH / f"shapes-{split}.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def test_docs() -> list[dict[str, Any]]:
    return read("test")


def labelled(docs: list[dict[str, Any]], text: str) -> list[tuple[str, str]]:
    doc = next(d for d in docs if d["text"] == text)
    return [(s["text"], s["type"]) for s in doc["spans"]]


def test_size(test_docs: list[dict[str, Any]]) -> None:
    assert len(test_docs) >= 1000
    assert sum(shapes.sentences(d) for d in test_docs) >= 2000
    assert 0.6 <= sum(d["lang"] == "nl" for d in test_docs) / len(test_docs) <= 0.8
    assert {d["shape"] for d in test_docs} == {"hr", "crm", "ticket", "course", "log"}
    assert len({d["id"] for d in test_docs}) == len(test_docs)


@pytest.mark.parametrize("split", ["dev", "test"])
def test_spans_are_the_text_and_do_not_overlap(split: str) -> None:
    for doc in read(split):
        end = 0
        for span in doc["spans"]:
            assert doc["text"][span["start"] : span["end"]] == span["text"], (doc["id"], span)
            assert span["text"] and span["text"] == span["text"].strip(), (doc["id"], span)
            assert span["start"] >= end, (doc["id"], span)
            end = span["end"]


def test_every_kind_appears(test_docs: list[dict[str, Any]]) -> None:
    counts = Counter(s["type"] for d in test_docs for s in d["spans"])
    assert set(counts) == set(KINDS) | set(SPECIAL)
    assert all(counts[kind] >= 20 for kind in SPECIAL), counts


def test_vocabularies_are_wide() -> None:
    words: dict[tuple[str, str], set[str]] = {}
    for kind, by_lang in shapes.VOCAB.values():
        for lang, entries in by_lang.items():
            words.setdefault((kind, lang), set()).update(e.split("|")[1] if "|" in e else e for e in entries)
    assert len(words[("HEALTH", "nl")] | words[("HEALTH", "en")]) >= 150
    assert all(len(words[(kind, lang)]) >= 12 for kind in SPECIAL[1:] for lang in ("nl", "en"))


def valid(kind: str, value: str) -> bool:
    checks = {
        "BSN": lambda v: bsn.is_valid(v),
        "IBAN": lambda v: iban.is_valid(v),
        "POSTCODE": lambda v: postcode.is_valid(v),
        "PHONE": lambda v: phonenumbers.is_valid_number(phonenumbers.parse(v, "NL")),
        "EMAIL": lambda v: re.fullmatch(r"[\w.'-]+@[\w-]+(\.[\w-]+)+", v) is not None,
        "KVK": lambda v: re.fullmatch(r"\d{8}", v) is not None,
        "LICENCE_PLATE": lambda v: re.fullmatch(r"[A-Z0-9]{1,3}-[A-Z0-9]{2,3}-[A-Z0-9]{1,2}", v) is not None,
        "ID_NUMBER": lambda v: re.fullmatch(r"[A-Z]{2}[A-Z0-9]{5}\d{2}", v) is not None,
    }
    return bool(checks[kind](value))


def test_validated_identifiers_pass_their_checks(test_docs: list[dict[str, Any]]) -> None:
    spans = [s for d in test_docs for s in d["spans"]]
    for span in spans:
        if span["type"] in ("BSN", "IBAN", "POSTCODE", "PHONE", "EMAIL", "KVK", "LICENCE_PLATE", "ID_NUMBER"):
            assert valid(span["type"], span["text"]), span


def test_ip_spans_are_addresses_and_not_loopback(test_docs: list[dict[str, Any]]) -> None:
    forms: Counter[str] = Counter()
    for span in (s for d in test_docs for s in d["spans"] if s["type"] == "IP"):
        address = ipaddress.ip_address(span["text"].split("%")[0])
        assert not address.is_loopback and not address.is_unspecified, span
        upper = re.search("[A-F]", span["text"])
        forms["zone" if "%" in span["text"] else "upper" if upper else str(address.version)] += 1
        forms["mapped"] += span["text"].startswith("::ffff:")
    assert all(forms[f] for f in ("4", "6", "zone", "upper", "mapped")), forms
    texts = "\n".join(d["text"] for d in test_docs)
    bracketed, in_url, with_port = r"\[[0-9a-f:]+\]:\d+", r"https?://\d+\.\d+\.\d+\.\d+/", r"\d+\.\d+\.\d+\.\d+:\d+"
    for shape in (bracketed, in_url, with_port, "127.0.0.1", "::1"):
        assert re.search(shape, texts), shape


def test_regenerating_gives_the_same_files(tmp_path: Path) -> None:
    shapes.write(tmp_path)
    for split in ("dev", "test"):
        assert (tmp_path / f"shapes-{split}.jsonl").read_bytes() == (BENCH / f"shapes-{split}.jsonl").read_bytes()


def test_the_issue_examples(test_docs: list[dict[str, Any]]) -> None:
    note = ("Ziekmelding: griep en rugklachten, fysiotherapie gestart. Zwangerschapsecho op dinsdag. "
            "Depressieve klachten.")  # fmt: skip
    assert labelled(test_docs, note) == [(w, "HEALTH") for w in ("Ziekmelding", "griep", "rugklachten",
                                                                   "fysiotherapie", "Zwangerschapsecho",
                                                                   "Depressieve klachten")]  # fmt: skip
    for address in ("2a02:10b0:6ba2:f04c::7b4d", "2001:db8:85a3::8a2e:370:7334"):
        assert any(s["text"] == address and s["type"] == "IP" for d in test_docs for s in d["spans"])
    for text in ("Certificaten als PDF/A. Foutmelding bij upload.", "Werken met Marketing: de basis."):
        assert labelled(test_docs, text) == []


def test_decoys_are_not_labelled(test_docs: list[dict[str, Any]]) -> None:
    for doc in test_docs:
        for span in doc["spans"]:
            assert span["text"] not in ("Excel", "Teams", "Marketing", "SharePoint", "EHBO-cursus", "bug"), span
    assert sum(("EHBO" in d["text"] or "127.0.0.1" in d["text"] or "Windows SP2" in d["text"]) for d in test_docs)


def test_scoring_counts_an_overlap_of_the_same_kind_only() -> None:
    docs = [{"id": "x", "lang": "nl", "text": "Sanne heeft griep.", "spans": [
        {"start": 0, "end": 5, "type": "NAME", "text": "Sanne"},
        {"start": 12, "end": 17, "type": "HEALTH", "text": "griep"}]}]  # fmt: skip
    found = [[(0, 3, "NAME"), (12, 17, "NAME")]]
    counts = scoring.score(docs, found)
    assert scoring.metrics(counts[("all", "NAME")])[:2] == (0.5, 1.0)
    assert scoring.metrics(counts[("all", "HEALTH")])[:2] == (0.0, 0.0)
    assert scoring.metrics(scoring.pooled(counts, scoring.SPECIAL))[1] == 0.0
    assert [line.split(":")[0] for line in scoring.misses(docs, found, "HEALTH")] == ["missed x"]
    assert [line.split(":")[0] for line in scoring.misses(docs, found, "NAME")] == ["false  x"]
    met = {what: ok for what, _value, _target, ok in scoring.targets(counts, 3.0)}
    assert not met["HEALTH recall"] and not met["NAME F1"] and met["throughput (MB/s)"]
