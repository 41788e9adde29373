"""The building blocks every register model shares: the strict base model and the key types."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Annotated, Any, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from waarborg.register.source import Path
from waarborg.register.types import as_list

Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
TaxonomyKey = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")]
Keys = Annotated[list[Key], BeforeValidator(as_list)]
EnvName = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]*$", description="An environment variable's name.")]
Reason = Annotated[str, Field(min_length=3, description="Why the value was filled in.")]

UNPUBLISHED = frozenset({"note", "inferred"})
"""Keys whose text is the register keeper's, not the statement's: a note, or why a value was inferred."""

WHOLE = "*"
"""The ``inferred`` key that marks the whole entry (a processor, a system, a rule) as not stated."""


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)

    inferred: dict[str, Reason] = Field(
        {},
        description="Values the organisation's statement does not give, each with why it was filled in: "
        "field name (or '*' for the whole entry) to reason. `waarborg check` lists them to confirm; "
        "`render` does not publish them.",
    )

    @model_validator(mode="after")
    def _inferred_names_fields(self) -> Self:
        fields = [f for f in type(self).model_fields if f != "inferred"]
        for name in self.inferred:
            if name != WHOLE and name not in fields:
                close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else f"name one of {', '.join(fields)}, or '*'"
                raise ValueError(f"inferred: '{name}' is not a field here; {hint}")
        return self

    def stated(self, name: str = WHOLE) -> bool:
        """Whether the statement itself gives this value (or, with no name, this whole entry)."""
        return WHOLE not in self.inferred and name not in self.inferred

    def inferred_values(self) -> dict[str, Any]:
        return {name: getattr(self, name, None) for name in self.inferred}


def walk(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every value in a register (models, maps, lists and their leaves) with its path, in file order;
    a model's ``note`` and ``inferred`` are the keeper's words and are not walked into."""
    yield path, value
    if isinstance(value, BaseModel):
        items: Any = ((name, getattr(value, name)) for name in type(value).model_fields if name not in UNPUBLISHED)
    elif isinstance(value, dict):
        items = ((str(key), item) for key, item in value.items())
    elif isinstance(value, list | tuple):
        items = enumerate(value)
    else:
        return
    for key, item in items:
        yield from walk(item, (*path, key))
