"""Column-name hints: which words in a column's name say what it holds (``column_hints.yaml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Hint:
    word: str
    category: str
    kind: str | None = None
    strong: bool = False
    identity: str | None = None
    free_text: bool = False


@cache
def _loaded() -> tuple[frozenset[str], dict[str, Hint]]:
    text = resources.files("waarborg.discovery").joinpath("column_hints.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    hints: dict[str, Hint] = {}
    for entry in data["hints"]:
        for word in entry["words"]:
            hints[word] = Hint(word, entry["category"], entry.get("kind"), bool(entry.get("strong")),
                               entry.get("identity"), bool(entry.get("free_text")))  # fmt: skip
    return frozenset(data["heads"]), hints


CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
SHORTEST_COMPOUND_END = 4
"""A hint shorter than this counts only as a whole part of the name: 'tel' in 'hotel' is no phone number."""


def tokens(name: str) -> list[str]:
    """A name's parts, lower-cased, without trailing digits: 'klantEmail2' -> ['klant', 'email']."""
    parts = re.split(r"[^a-z0-9]+", CAMEL.sub("_", name).lower())
    return [part.rstrip("0123456789") for part in parts if part.rstrip("0123456789")]


def about_a_thing(name: str, *, table: bool = False) -> bool:
    """Whether a column's name starts with a word for a thing ('productnaam'), or a table's name ends in one
    ('courses', 'crm_products'; not 'school_students')."""
    heads, _ = _loaded()
    parts = tokens(name)
    return bool(parts) and any((parts[-1] if table else parts[0]).startswith(head) for head in heads)


def hint_for(column: str, table: str = "") -> Hint | None:
    """The hint whose word matches the longest part of the column's name, if any. A column of a table about a
    thing ('courses.name') or whose name starts with one ('productnaam') gets only strong hints."""
    heads, hints = _loaded()
    parts = tokens(column)
    grams = {"_".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)}
    best: Hint | None = None
    for gram in grams:
        hint = hints.get(gram)
        if hint is None:
            hint = next((hints[word] for word in _ends(gram, hints) if gram[: -len(word)] not in ("", "_")), None)
            if hint is not None and any(gram.startswith(head) for head in heads):
                hint = None if not hint.strong else hint
        if hint is not None and (best is None or len(hint.word) > len(best.word)):
            best = hint
    if best is not None and not best.strong and (about_a_thing(column) or about_a_thing(table, table=True)):
        return None
    return best


def _ends(gram: str, hints: dict[str, Hint]) -> list[str]:
    """Hint words a compound ends in ('klantnaam' ends in 'naam'), longest first."""
    if "_" in gram:
        return []
    found = [word for word in hints if len(word) >= SHORTEST_COMPOUND_END and "_" not in word and gram.endswith(word)]
    return sorted(found, key=len, reverse=True)
