"""Plain factories for tests: registers built from the minimal one with one thing changed."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from waarborg.register.lint import Finding, run
from waarborg.register.loader import LoadedRegister, load_register_text

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
MINIMAL_TEXT = (DATA / "minimal.yaml").read_text(encoding="utf-8")

Mutation = Callable[[dict[str, Any]], None]


def minimal_data() -> dict[str, Any]:
    return copy.deepcopy(yaml.safe_load(MINIMAL_TEXT))


def make_register(mutate: Mutation | None = None) -> LoadedRegister:
    data = minimal_data()
    if mutate:
        mutate(data)
    return load_register_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "test.yaml")


def findings(mutate: Mutation | None = None) -> list[Finding]:
    return run(make_register(mutate))


def rule_ids(mutate: Mutation | None = None) -> set[str]:
    return {f.rule.id for f in findings(mutate)}
