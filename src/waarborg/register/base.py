"""The building blocks every register model shares: the strict base model and the key types."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from waarborg.register.types import as_list

Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
TaxonomyKey = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")]
Keys = Annotated[list[Key], BeforeValidator(as_list)]
EnvName = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]*$", description="An environment variable's name.")]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)
