"""A column's view through the PII guard: per kind, the share of its values with a confident match.

One hit in a column of course descriptions says little ('Werken met Marketing' once read as a name); the share
of values that hold a kind says what the column is. A discovery scan judges columns on this view.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from waarborg.pii.detect import detect

CONFIDENT = {"NAME": 0.8}
"""The least confidence a match of these kinds needs to count; other kinds count at any confidence (their
patterns are validated, or their words are not ambiguous)."""
COVERS = 0.8
"""In a column of single values, a match counts when it covers at least this share of the value."""


def value_kinds(value: str, *, whole: bool = False) -> set[str]:
    """The kinds a value holds with a confident match; with ``whole``, only matches that are (nearly) the value."""
    return {span.kind for span in detect(value)
            if span.confidence >= CONFIDENT.get(span.kind, 0.0)
            and (not whole or span.end - span.start >= COVERS * len(value))}  # fmt: skip


def kind_counts(values: Iterable[str], read: Callable[[str], set[str]] = value_kinds) -> Counter[str]:
    """How many values hold each kind, by ``read`` (the kinds of one value); each distinct value is read once."""
    counts: Counter[str] = Counter()
    for value, times in Counter(values).items():
        counts.update(dict.fromkeys(read(value), times))
    return counts


def kind_shares(values: list[str], *, whole: bool = False) -> dict[str, float]:
    """The share of the values that hold each kind: the column-level view."""
    if not values:
        return {}
    counts = kind_counts(values, lambda value: value_kinds(value, whole=whole))
    return {kind: n / len(values) for kind, n in counts.most_common()}
