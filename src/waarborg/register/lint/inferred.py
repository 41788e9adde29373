"""Where the register marks values as inferred: the paths findings may rest on."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from waarborg.register.base import WHOLE, Model, walk
from waarborg.register.source import Path


def inferred_marks(value: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """Every ``inferred`` mark in the register: the path of the value (or the entry, for '*') and the reason."""
    for where, node in walk(value, path):
        if isinstance(node, Model):
            for name, reason in node.inferred.items():
                yield (where if name == WHOLE else (*where, name)), reason


def rests_on_inferred(paths: Iterable[Path], marks: Iterable[Path]) -> bool:
    """True when one of ``paths`` is an inferred value, or lies inside an inferred value or entry."""
    marked = list(marks)
    return any(path[: len(mark)] == mark for path in paths for mark in marked)
