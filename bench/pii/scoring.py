"""Scoring for the PII benchmark (evaluate.py): spans found against gold spans, per type and language, groups of
types, the misses of one type and the targets of ``--check``.

A found span counts when it overlaps a gold span of the same type; a gold span is recalled when a found span of
its type overlaps it. The leak rate is the share of gold characters no found span covers, whatever its type.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

Found = list[tuple[int, int, str]]
Counts = dict[tuple[str, str], dict[str, float]]
VALIDATED = ("EMAIL", "PHONE", "IBAN", "BSN", "POSTCODE", "IP", "ID_NUMBER", "MRZ", "LICENCE_PLATE", "KVK", "URL")
SPECIAL = ("HEALTH", "RELIGION", "POLITICS", "UNION", "SEXUALITY", "ETHNICITY", "BIOMETRIC", "GENETIC", "CRIMINAL")


def overlaps(start: int, end: int, kind: str, spans: Found) -> bool:
    return any(s < end and start < e and k == kind for s, e, k in spans)


def score(docs: list[dict[str, Any]], found: list[Found]) -> Counts:
    counts: Counts = defaultdict(lambda: defaultdict(float))
    for doc, spans in zip(docs, found, strict=True):
        gold = _gold(doc)
        for key in (doc["lang"], "all"):
            for start, end, kind in gold:
                counts[(key, kind)]["tp_gold"] += overlaps(start, end, kind, spans)
                counts[(key, kind)]["gold"] += 1
                covered = sum(1 for i in range(start, end) if any(s <= i < e for s, e, _k in spans))
                counts[(key, kind)]["leaked"] += (end - start) - covered
                counts[(key, kind)]["chars"] += end - start
            for start, end, kind in spans:
                counts[(key, kind)]["tp_found"] += overlaps(start, end, kind, gold)
                counts[(key, kind)]["found"] += 1
    return counts


def metrics(c: dict[str, float]) -> tuple[float, float, float, float]:
    """Precision, recall, F1 and leak rate of one cell's counts."""
    c = defaultdict(float, c)  # a group or an empty cell may lack a count
    precision = c["tp_found"] / c["found"] if c["found"] else (1.0 if not c["gold"] else 0.0)
    recall = c["tp_gold"] / c["gold"] if c["gold"] else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    leak = c["leaked"] / c["chars"] if c["chars"] else 0.0
    return precision, recall, f1, leak


def pooled(counts: Counts, kinds: tuple[str, ...], key: str = "all") -> dict[str, float]:
    """The counts of several types added up (a group row)."""
    total: dict[str, float] = defaultdict(float)
    for kind in kinds:
        for name, value in counts.get((key, kind), {}).items():
            total[name] += value
    return total


def context(text: str, start: int, end: int, width: int = 40) -> str:
    before, after = text[max(0, start - width) : start], text[end : end + width]
    return f"{before}⟦{text[start:end]}⟧{after}".replace("\n", "⏎")


def misses(docs: list[dict[str, Any]], found: list[Found], kind: str) -> list[str]:
    """One line per gold span of the type that no find of the type overlaps, and per find of the type that
    overlaps no gold span of the type, with 40 characters of context (the span between ⟦ and ⟧, a line break
    as ⏎)."""
    lines = []
    for doc, spans in zip(docs, found, strict=True):
        gold = [(g["start"], g["end"], g["type"]) for g in doc["spans"]]
        for start, end, k in gold:
            if k == kind and not overlaps(start, end, kind, spans):
                lines.append(f"missed {doc['id']}: {context(doc['text'], start, end)}")
        for start, end, k in spans:
            if k == kind and not overlaps(start, end, kind, gold):
                lines.append(f"false  {doc['id']}: {context(doc['text'], start, end)}")
    return lines


def targets(counts: Counts, mbs: float) -> list[tuple[str, float, str, bool]]:
    """The targets of --check: (what, measured, target, met)."""
    rows = []
    for kind in SPECIAL:
        if counts.get(("all", kind), {}).get("gold"):
            precision, recall, _f1, _leak = metrics(counts[("all", kind)])
            rows += [(f"{kind} recall", recall, "≥ 0.95", recall >= 0.95),
                     (f"{kind} precision", precision, "≥ 0.90", precision >= 0.90)]  # fmt: skip
    if counts.get(("all", "IP"), {}).get("gold"):
        recall = metrics(counts[("all", "IP")])[1]
        rows.append(("IP recall", recall, "= 1.00", recall >= 1.0))
    f1 = metrics(counts.get(("all", "NAME"), {}))[2]
    rows.append(("NAME F1", f1, "≥ 0.95", f1 >= 0.95))
    recall = metrics(pooled(counts, VALIDATED))[1]
    rows.append(("validated identifiers recall", recall, "≥ 0.99", recall >= 0.99))
    rows.append(("throughput (MB/s)", mbs, "≥ 2", mbs >= 2.0))
    return rows


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
            hits[known][0] += overlaps(gold["start"], gold["end"], "NAME", spans)
            hits[known][1] += 1
    return hits[True][0] / max(hits[True][1], 1), hits[False][0] / max(hits[False][1], 1)


def text_shares(docs: list[dict[str, Any]], found: list[Found]) -> tuple[float, float]:
    """What a reader of whole texts sees (the issue's two figures): the share of course entries that get a name
    find where they hold no name, and the share of texts with health data that get a health find."""
    courses = [(d, f) for d, f in zip(docs, found, strict=True) if d.get("shape") == "course"]
    false_names = sum(1 for d, f in courses
                      if any(k == "NAME" and not overlaps(s, e, k, _gold(d)) for s, e, k in f))  # fmt: skip
    health = [(d, f) for d, f in zip(docs, found, strict=True) if any(g["type"] == "HEALTH" for g in d["spans"])]
    health_found = sum(1 for _d, f in health if any(k == "HEALTH" for _s, _e, k in f))
    return false_names / max(len(courses), 1), health_found / max(len(health), 1)


def _gold(doc: dict[str, Any]) -> Found:
    return [(g["start"], g["end"], g["type"]) for g in doc["spans"]]
