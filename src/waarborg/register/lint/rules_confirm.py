"""Values the statement does not give: listed so the organisation confirms them before they are published."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from waarborg.register.base import WHOLE, Model
from waarborg.register.lint.engine import Hit, rule
from waarborg.register.schema import Register
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


@rule(
    "WB059",
    "info",
    "Value to confirm",
    source="Art 12(1), 13 AVG (information must be accurate)",
    nl="Niet uit de verklaring maar aangenomen: {reason} Bevestig de waarde of verwijder het inferred-merkteken; "
    "tot dan publiceert render haar niet.",
    en="Not from the statement but assumed: {reason} Confirm the value or drop the inferred mark; until then "
    "render does not publish it.",
)
def inferred_value(register: Register) -> Iterator[Hit]:
    for path, reason in inferred_marks(register):
        yield Hit(path, {"reason": reason.rstrip(".") + "."})
