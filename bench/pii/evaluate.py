"""The PII benchmark: Waarborg's detector, deduce 3.0.6 and Presidio's pattern-only engine on one corpus.

    python bench/pii/corpus.py                      # the corpus (dev and test splits)
    python bench/pii/evaluate.py [--split test]     # the table; deduce and presidio only when installed
    python bench/pii/shapes.py                      # the shapes corpus (HR, CRM, tickets, courses, logs)
    python bench/pii/evaluate.py --corpus shapes [--split dev] [--check] [--json] [--misses HEALTH]

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

``--corpus shapes`` scores shapes-{split}.jsonl instead (rows per type for all languages, nl and en, and a group
row for the nine special categories). ``--misses KIND`` prints each missed gold span and each false find of that
type with its context (for tuning on dev; one timed pass, no cold start). ``--check`` exits 1 unless Waarborg
meets its targets (special categories with gold spans: recall ≥ 0.95 and precision ≥ 0.90; IP recall 1.0; NAME
F1 ≥ 0.95; validated identifiers recall ≥ 0.99; ≥ 2 MB/s), printing each with PASS or FAIL. ``--json`` prints
the figures as JSON instead of the table. Scoring lives in scoring.py.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1] / "src"))
sys.path.insert(1, str(HERE))

import scoring  # noqa: E402
from scoring import SPECIAL, VALIDATED, Found, metrics, misses, name_recall_by_list, pooled, score, targets  # noqa: E402

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
        pattern("BSN", bounded(rules.NINE), cls=Bsn), pattern("POSTCODE", bounded(rules.POSTCODE), cls=Postcode),
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


def load(corpus: str, split: str) -> list[dict[str, Any]]:
    name = f"{split}.jsonl" if corpus == "classic" else f"shapes-{split}.jsonl"
    return [json.loads(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines()]


def measure(system: str, docs: list[dict[str, Any]], baseline: float, repeat: int,
            paragraphs: list[str] | None) -> dict[str, Any] | None:  # fmt: skip
    """One system's finds, scores and speed on the split; on the statements' paragraphs and from a cold start
    too when paragraphs are given."""
    try:
        run = SYSTEMS[system][0]()
    except ImportError as error:
        print(f"{system}: not installed ({error.name}); skipped", file=sys.stderr)
        return None
    run(SAMPLE)
    size = sum(len(d["text"].encode()) for d in docs)
    found, seconds = timed(lambda: [run(d["text"]) for d in docs], repeat)
    row = {"found": found, "score": score(docs, found), "mbs": size / seconds / 1e6, "ratio": seconds / baseline,
           "by_list": "{:.2f} / {:.2f}".format(*name_recall_by_list(docs, found))}  # fmt: skip
    if any("shape" in d for d in docs):
        row["shares"] = "{:.1%} / {:.1%}".format(*scoring.text_shares(docs, found))
    if paragraphs is not None:
        _, prose_seconds = timed(lambda: [run(p) for p in paragraphs], repeat)
        row["prose"] = sum(len(p.encode()) for p in paragraphs) / prose_seconds / 1e6
        row["cold"] = cold_start(system, sys.executable)
    return row


def groups(corpus: str) -> list[tuple[str, tuple[str, ...]]]:
    special = [("special categories", SPECIAL)] if corpus == "shapes" else []
    return [("validated identifiers", VALIDATED), ("names", ("NAME",)), *special]


def print_table(rows: dict[str, dict[str, Any]], docs: list[dict[str, Any]], corpus: str) -> None:
    print("| type | lang | " + " | ".join(f"{s} P / R / F1 / leak" for s in rows) + " |")
    print("|---|---|" + "---|" * len(rows))
    langs = ("nl", "en") if corpus == "classic" else ("all", "nl", "en")
    for kind in sorted({g["type"] for d in docs for g in d["spans"]}):
        for lang in langs:
            cells = [" / ".join(f"{v:.2f}" for v in metrics(rows[s]["score"][(lang, kind)])) for s in rows]
            print(f"| {kind} | {lang} | " + " | ".join(cells) + " |")
    for label, group in groups(corpus):
        cells = [" / ".join(f"{v:.3f}" for v in metrics(pooled(rows[s]["score"], group))) for s in rows]
        print(f"| **{label}** | all | " + " | ".join(cells) + " |")
    for label, key, form in (("throughput (MB/s, 1 core)", "mbs", "{:.2f}"),
                             ("time / one e-mail regex pass", "ratio", "{:.1f}×"),
                             ("throughput on the published statements (MB/s)", "prose", "{:.2f}"),
                             ("cold start (s)", "cold", "{:.2f}"),
                             ("names recall: a word in Waarborg's lists / none", "by_list", "{}"),
                             ("course entries with a false name / texts with health data with a health find",
                              "shares", "{}")):  # fmt: skip
        if all(key in row for row in rows.values()):
            print(f"| **{label}** | | " + " | ".join(form.format(rows[s][key]) for s in rows) + " |")


def as_json(rows: dict[str, dict[str, Any]], docs: list[dict[str, Any]], corpus: str) -> dict[str, Any]:
    names = ("precision", "recall", "f1", "leak")
    systems: dict[str, Any] = {}
    for system, row in rows.items():
        kinds = {kind: {lang: dict(zip(names, metrics(row["score"][(lang, kind)]), strict=True))
                        | {"gold": row["score"][(lang, kind)]["gold"], "found": row["score"][(lang, kind)]["found"]}
                        for lang in ("all", "nl", "en")}
                 for kind in sorted({g["type"] for d in docs for g in d["spans"]})}  # fmt: skip
        grouped = {label: dict(zip(names, metrics(pooled(row["score"], group)), strict=True))
                   for label, group in groups(corpus)}  # fmt: skip
        extra = {key: row[key] for key in ("mbs", "ratio", "prose", "cold", "shares") if key in row}
        systems[system] = {"kinds": kinds, "groups": grouped, **extra}
    return {"texts": len(docs), "bytes": sum(len(d["text"].encode()) for d in docs), "systems": systems}


def check(rows: dict[str, dict[str, Any]], out: Any) -> bool:
    """Prints Waarborg's targets with PASS or FAIL; whether all are met."""
    if "waarborg" not in rows:
        print("--check: waarborg was not measured", file=out)
        return False
    results = targets(rows["waarborg"]["score"], rows["waarborg"]["mbs"])
    for what, value, target, met in results:
        print(f"{'PASS' if met else 'FAIL'}  {what}: {value:.3f} (target {target})", file=out)
    return all(met for *_, met in results)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", choices=("classic", "shapes"), default="classic")
    parser.add_argument("--split", default="test")
    parser.add_argument("--systems", default="waarborg,deduce,presidio")
    parser.add_argument("--repeat", type=int, default=5, help="time the best of this many passes (default 5)")
    parser.add_argument("--misses", metavar="KIND", help="print the missed and the false spans of this type")
    parser.add_argument("--check", action="store_true", help="exit 1 unless Waarborg meets the targets")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of the table")
    args = parser.parse_args()
    docs = load(args.corpus, args.split)
    repeat = 1 if args.misses else args.repeat
    email = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
    _, baseline = timed(lambda: [email.findall(d["text"]) for d in docs], repeat)
    paragraphs = None if args.misses else prose()
    rows = {}
    for system in args.systems.split(","):
        row = measure(system, docs, baseline, repeat, paragraphs)
        if row is not None:
            rows[system] = row
    if args.json:
        print(json.dumps(as_json(rows, docs, args.corpus), indent=1))
    else:
        size = sum(len(d["text"].encode()) for d in docs)
        print(f"\n{args.corpus} corpus, {args.split} split: {len(docs)} texts, {size:,} bytes\n")
        print_table(rows, docs, args.corpus)
        if "waarborg" in rows and paragraphs is not None:
            print(f"\n`waarborg redact` on one line from a cold start: {command_cold_start():.2f} s (target < 1.5 s)")
    for system in rows if args.misses else ():
        print(f"\n{system}, {args.misses}: missed and false spans")
        print("\n".join(misses(docs, rows[system]["found"], args.misses)) or "none")
    if args.check and not check(rows, sys.stderr if args.json else sys.stdout):
        sys.exit(1)


if __name__ == "__main__":
    main()
