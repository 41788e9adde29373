"""docs/register.md documents every key of the register language, and its full example is a valid register."""

from __future__ import annotations

import re
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from waarborg.register.lint import Severity, run
from waarborg.register.loader import load_register_text
from waarborg.register.schema import Register

DOC = Path(__file__).parent.parent / "docs" / "register.md"
FULL_EXAMPLE = re.compile(r"^```yaml\n(# full example\n.*?)^```$", re.MULTILINE | re.DOTALL)


def _members(annotation: Any) -> list[Any]:
    """The types inside an annotation: through Annotated, unions, Optional, list and dict."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _members(typing.get_args(annotation)[0])
    if origin is not None or isinstance(annotation, types.UnionType):
        return [member for arg in typing.get_args(annotation) for member in _members(arg)]
    return [annotation]


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """Every model reachable from ``root`` through its fields' annotations."""
    found: list[type[BaseModel]] = []
    todo = [root]
    while todo:
        model = todo.pop()
        if model in found:
            continue
        found.append(model)
        for field in model.model_fields.values():
            for member in _members(field.annotation):
                if isinstance(member, type) and issubclass(member, BaseModel):
                    todo.append(member)
    return found


def test_every_key_is_documented() -> None:
    doc = DOC.read_text(encoding="utf-8")
    models = _models(Register)
    assert len(models) > 30  # the walk reaches the nested models, not just the root
    missing = [f"{model.__name__}.{name}" for model in models for name in model.model_fields if f"`{name}`" not in doc]
    assert not missing, f"keys not documented in docs/register.md: {', '.join(missing)}"


def test_full_example_loads_without_errors() -> None:
    match = FULL_EXAMPLE.search(DOC.read_text(encoding="utf-8"))
    assert match, "docs/register.md has no ```yaml block starting with '# full example'"
    loaded = load_register_text(match.group(1), "docs/register.md#full-example")
    errors = [f"{f.rule.id} {f.path}: {f.message()}" for f in run(loaded) if f.rule.severity == Severity.error]
    assert not errors, "\n".join(errors)
