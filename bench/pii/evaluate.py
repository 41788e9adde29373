"""The PII benchmark: Waarborg's detector, deduce 3.0.6 and Presidio's pattern-only engine on one corpus.

    python bench/pii/corpus.py                      # the corpus (dev and test splits)
    python bench/pii/evaluate.py [--split test]     # the table; deduce and presidio only when installed

Deduce and Presidio are not dependencies of Waarborg: install them in a separate environment with Waarborg
(`pip install -e . deduce presidio-analyzer`) to measure all three. Presidio runs with its ``NoOpNlpEngine``
(no model can be downloaded here) and the same Dutch rules as Waarborg's regular expressions and validators;
it therefore finds no names. Deduce maps its tags onto ours (persoon/patient → NAME, locatie → ADDRESS or
POSTCODE, datum → DATE_OF_BIRTH, ...).

Per type and language: precision, recall and F1 over spans (a found span counts when it overlaps a gold span
of the same type), and the leak rate: the share of gold characters no found span covers, whatever its type.
Then throughput (MB/s on one core, the whole split after start-up, the fastest of --repeat passes; and again on
the paragraphs of the statements rendered from the example registers, prose with little personal data), the time
against a plain baseline measured in the same run (one pass of an e-mail regular expression over the split: what
the cheapest possible detector costs on this machine now), and cold start (a new process that imports the
system and handles one short text).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1] / "src"))

Found = list[tuple[int, int, str]]
VALIDATED = ("EMAIL", "PHONE", "IBAN", "BSN", "POSTCODE", "IP", "ID_NUMBER", "MRZ", "LICENCE_PLATE", "KVK", "URL")
SAMPLE = "Bel Jan de Vries op 06-12345678, BSN 111222333, klantnummer 123456789"


def waarborg() -> Callable[[str], Found]:
    from waarborg.pii.detect import detect

    return lambda text: [(s.start, s.end, s.kind) for s in detect(text)]


DEDUCE_TYPES = {"persoon": "NAME", "patient": "NAME", "telefoonnummer": "PHONE", "emailadres": "EMAIL", "url": "URL",
                "bsn": "BSN", "datum": "DATE_OF_BIRTH", "locatie": "ADDRESS", "id": "ID_NUMBER",
                "patientnummer": "ID_NUMBER"}  # fmt: skip
"""Deduce's tags as ours; a 'locatie' that is a postcode counts as POSTCODE, a 'datum' counts as a birth date."""
POSTCODE_SHAPE = re.compile(r"[1-9]\d{3} ?[A-Z]{2}")


def deduce() -> Callable[[str], Found]:
    import logging

    from deduce import Deduce

    engine = Deduce()
    logging.getLogger().setLevel(logging.WARNING)  # its import switches the root logger to DEBUG

    def kind(tag: str, text: str) -> str:
        ours = DEDUCE_TYPES.get(tag.split("_")[0].lower(), tag.upper())
        return "POSTCODE" if ours == "ADDRESS" and POSTCODE_SHAPE.fullmatch(text) else ours

    def run(text: str) -> Found:
        result = engine.deidentify(text)
        return [(a.start_char, a.end_char, kind(a.tag, a.text)) for a in result.annotations]

    return run


def presidio() -> Callable[[str], Found]:
    from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NoOpNlpEngine
    from presidio_analyzer.predefined_recognizers import EmailRecognizer, IbanRecognizer, IpRecognizer, PhoneRecognizer
    from stdnum.nl import bsn, postcode

    from waarborg.pii import identifiers as rules
    from waarborg.pii.wordlists import alternation

    class Bsn(PatternRecognizer):
        def validate_result(self, pattern_text: str) -> bool:
            return bool(bsn.is_valid("".join(c for c in pattern_text if c.isdigit())))

    class Postcode(PatternRecognizer):
        def validate_result(self, pattern_text: str) -> bool:
            return bool(postcode.is_valid(pattern_text))

    def pattern(entity: str, regex: Any, score: float = 0.8, cls: type = PatternRecognizer, **kw: Any) -> Any:
        return cls(supported_entity=entity, patterns=[Pattern(entity, regex.pattern, score)],
                   supported_language="nl", **kw)  # fmt: skip

    def bounded(regex: Any) -> Any:  # Waarborg checks these boundaries in code; Presidio needs them in the rule
        return re.compile(rf"\b(?:{regex.pattern})\b")

    # Waarborg looks back from an eight-digit number for a KvK word in its sentence; a Presidio rule holds both
    kvk_in_context = re.compile(rf"(?i)\b(?:{alternation(rules.KVK_WORDS)})[^.\n]{{0,40}}?\b\d{{8}}\b")
    registry = RecognizerRegistry(supported_languages=["nl"])
    for recognizer in (
        EmailRecognizer(supported_language="nl"), IbanRecognizer(supported_language="nl"),
        IpRecognizer(supported_language="nl"), PhoneRecognizer(supported_regions=("NL", "BE"), supported_language="nl"),
        pattern("BSN", rules.NINE, cls=Bsn), pattern("POSTCODE", bounded(rules.POSTCODE), cls=Postcode),
        pattern("ADDRESS", rules.STREET), pattern("LICENCE_PLATE", bounded(rules.SIDECODES)),
        pattern("KVK", kvk_in_context),
        pattern("URL", rules.URL), pattern("ID_NUMBER", bounded(rules.ID_CARD)),
        pattern("DATE_OF_BIRTH", rules.DATE, 0.4, context=["geboren", "geboortedatum", "born", "birth"]),
    ):  # fmt: skip
        registry.add_recognizer(recognizer)
    no_model = NoOpNlpEngine(models=[{"lang_code": "nl", "model_name": "none"}])
    engine = AnalyzerEngine(registry=registry, nlp_engine=no_model, supported_languages=["nl"])
    names = {"EMAIL_ADDRESS": "EMAIL", "IBAN_CODE": "IBAN", "IP_ADDRESS": "IP", "PHONE_NUMBER": "PHONE"}

    def run(text: str) -> Found:
        return [(r.start, r.end, names.get(r.entity_type, r.entity_type)) for r in engine.analyze(text, language="nl")
                if r.score >= 0.4]  # fmt: skip

    return run


SYSTEMS: dict[str, tuple[Callable[[], Callable[[str], Found]], str]] = {
    "waarborg": (waarborg, "from waarborg.pii.detect import detect; detect({!r})"),
    "deduce": (deduce, "from deduce import Deduce; Deduce().deidentify({!r})"),
    "presidio": (presidio, "import sys; sys.path.insert(0, 'bench/pii'); from evaluate import presidio; "
                           "presidio()({!r})"),
}  # fmt: skip


def score(docs: list[dict[str, Any]], found: list[Found]) -> dict[str, dict[str, float]]:
    counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for doc, spans in zip(docs, found, strict=True):
        gold = [(g["start"], g["end"], g["type"]) for g in doc["spans"]]
        for key in (doc["lang"], "all"):
            for start, end, kind in gold:
                hit = any(s < end and start < e and k == kind for s, e, k in spans)
                counts[(key, kind)]["tp_gold"] += hit
                counts[(key, kind)]["gold"] += 1
                covered = sum(1 for i in range(start, end) if any(s <= i < e for s, e, _k in spans))
                counts[(key, kind)]["leaked"] += (end - start) - covered
                counts[(key, kind)]["chars"] += end - start
            for start, end, kind in spans:
                right = any(s < end and start < e and k == kind for s, e, k in gold)
                counts[(key, kind)]["tp_found"] += right
                counts[(key, kind)]["found"] += 1
    return counts  # type: ignore[return-value]


def name_recall_by_list(docs: list[dict[str, Any]], found: list[Found]) -> tuple[float, float]:
    """Names recall for gold names with a word in Waarborg's first-name or surname list, and for the rest: how
    much the lists carry and how much the context rules do."""
    from waarborg.pii.names import first_names, surnames

    listed = first_names() | surnames()
    hits: dict[bool, list[int]] = {True: [0, 0], False: [0, 0]}
    for doc, spans in zip(docs, found, strict=True):
        for gold in (g for g in doc["spans"] if g["type"] == "NAME"):
            words = doc["text"][gold["start"] : gold["end"]].replace("-", " ").replace(".", " ").split()
            known = any(word in listed for word in words)
            hits[known][0] += any(s < gold["end"] and gold["start"] < e and k == "NAME" for s, e, k in spans)
            hits[known][1] += 1
    return hits[True][0] / max(hits[True][1], 1), hits[False][0] / max(hits[False][1], 1)


def metrics(c: dict[str, float]) -> tuple[float, float, float, float]:
    precision = c["tp_found"] / c["found"] if c["found"] else (1.0 if not c["gold"] else 0.0)
    recall = c["tp_gold"] / c["gold"] if c["gold"] else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    leak = c["leaked"] / c["chars"] if c["chars"] else 0.0
    return precision, recall, f1, leak


def timed(work: Callable[[], Any], repeat: int) -> tuple[Any, float]:
    """The result of the work and its fastest time of several runs (the machine's noise only adds time)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return result, best


def cold_start(system: str, python: str) -> float:
    code = SYSTEMS[system][1].format(SAMPLE)
    start = time.perf_counter()
    subprocess.run([python, "-c", code], check=True, capture_output=True, cwd=HERE.parents[1])
    return time.perf_counter() - start


def command_cold_start(repeat: int = 3) -> float:
    """`waarborg redact` on the sample from a new process, as a user runs it (the fastest of a few runs)."""
    command = [str(Path(sys.executable).parent / "waarborg"), "redact"]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, input=SAMPLE, check=True, capture_output=True, text=True)
        best = min(best, time.perf_counter() - start)
    return best


def prose() -> list[str]:
    """The paragraphs of the statements Waarborg publishes for the four example registers, in Dutch and English:
    ordinary prose with little personal data, for a second throughput figure."""
    from waarborg.register.loader import load_register
    from waarborg.register.render import render_statement

    paragraphs = []
    for path in sorted((HERE.parents[1] / "examples" / "registers").glob("*.yaml")):
        register = load_register(path).register
        for lang in ("nl", "en"):
            text = str(render_statement(register, lang, "md"))
            paragraphs += [p for p in text.split("\n\n") if p.strip()]
    return paragraphs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="test")
    parser.add_argument("--systems", default="waarborg,deduce,presidio")
    parser.add_argument("--repeat", type=int, default=5, help="time the best of this many passes (default 5)")
    args = parser.parse_args()
    docs = [json.loads(line) for line in (HERE / f"{args.split}.jsonl").read_text(encoding="utf-8").splitlines()]
    size = sum(len(d["text"].encode()) for d in docs)
    rows: dict[str, dict[str, Any]] = {}
    email = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
    _, baseline = timed(lambda: [email.findall(d["text"]) for d in docs], args.repeat)
    paragraphs = prose()
    prose_size = sum(len(p.encode()) for p in paragraphs)
    for system in args.systems.split(","):
        try:
            run = SYSTEMS[system][0]()
        except ImportError as error:
            print(f"{system}: not installed ({error.name}); skipped")
            continue
        run(SAMPLE)
        found, seconds = timed(lambda: [run(d["text"]) for d in docs], args.repeat)  # noqa: B023
        _, prose_seconds = timed(lambda: [run(p) for p in paragraphs], args.repeat)  # noqa: B023
        rows[system] = {"score": score(docs, found), "mbs": size / seconds / 1e6, "ratio": seconds / baseline,
                        "by_list": "{:.2f} / {:.2f}".format(*name_recall_by_list(docs, found)),
                        "prose": prose_size / prose_seconds / 1e6,
                        "cold": cold_start(system, sys.executable)}  # fmt: skip
    print(f"\n{args.split} split: {len(docs)} texts, {size:,} bytes\n")
    print("| type | lang | " + " | ".join(f"{s} P / R / F1 / leak" for s in rows) + " |")
    print("|---|---|" + "---|" * len(rows))
    gold_kinds = sorted({g["type"] for d in docs for g in d["spans"]})
    for kind in gold_kinds:
        for lang in ("nl", "en"):
            cells = [" / ".join(f"{v:.2f}" for v in metrics(rows[s]["score"][(lang, kind)])) for s in rows]
            print(f"| {kind} | {lang} | " + " | ".join(cells) + " |")
    for label, group in (("validated identifiers", VALIDATED), ("names", ("NAME",))):
        cells = []
        for s in rows:
            total: dict[str, float] = defaultdict(float)
            for kind in group:
                for key, value in rows[s]["score"][("all", kind)].items():
                    total[key] += value
            cells.append(" / ".join(f"{v:.3f}" for v in metrics(total)))
        print(f"| **{label}** | all | " + " | ".join(cells) + " |")
    for label, key, form in (("throughput (MB/s, 1 core)", "mbs", "{:.2f}"),
                             ("time / one e-mail regex pass", "ratio", "{:.1f}×"),
                             ("throughput on the published statements (MB/s)", "prose", "{:.2f}"),
                             ("cold start (s)", "cold", "{:.2f}"),
                             ("names recall: a word in Waarborg's lists / none", "by_list", "{}")):  # fmt: skip
        print(f"| **{label}** | | " + " | ".join(form.format(rows[s][key]) for s in rows) + " |")
    if "waarborg" in rows:
        print(f"\n`waarborg redact` on one line from a cold start: {command_cold_start():.2f} s (target < 1.5 s)")


if __name__ == "__main__":
    main()
