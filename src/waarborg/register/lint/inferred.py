"""Where the register marks values as inferred: the paths findings may rest on."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel

from waarborg.register.base import WHOLE, Model
from waarborg.register.source import Path


def inferred_marks(value: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """Every ``inferred`` mark in the register: the path of the value (or the entry, for '*') and the reason."""
    if isinstance(value, Model):
        for name, reason in value.inferred.items():
            yield (path if name == WHOLE else (*path, name)), reason
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name != "inferred":
                yield from inferred_marks(getattr(value, name), (*path, name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from inferred_marks(item, (*path, str(key)))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from inferred_marks(item, (*path, index))


def rests_on_inferred(paths: Iterable[Path], marks: Iterable[Path]) -> bool:
    """True when one of ``paths`` is an inferred value, or lies inside an inferred value or entry."""
    marked = list(marks)
    return any(path[: len(mark)] == mark for path in paths for mark in marked)
