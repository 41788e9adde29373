"""Whatever a document holds, the loader answers with a register or a RegisterError, never a crash."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import minimal_data
from waarborg.core.errors import RegisterError
from waarborg.register.loader import load_register_text

KEYS = st.sampled_from(
    [
        "organisation",
        "statement",
        "activities",
        "subjects",
        "basis",
        "fields",
        "retention",
        "keep",
        "after",
        "processors",
        "country",
        "category",
        "consent",
        "options",
        "nl",
        "en",
        "label",
        "name",
        "x",
        "roles",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(["P1Y", "consent", "user.name", "NL", "4 weeks", "all", "2024-01-01"]),
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=30,
)


def load(text: str) -> None:
    try:
        load_register_text(text, "fuzz.yaml")
    except RegisterError as error:
        assert error.lines() and all(line.startswith("fuzz.yaml") for line in error.lines())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS)
def test_random_documents_never_crash_the_loader(document: Any) -> None:
    load(yaml.safe_dump(document))


def _replace_somewhere(data: Any, choices: list[int], value: Any) -> Any:
    """Replace one node of the minimal register, chosen by ``choices``, with ``value``."""
    if not choices or not isinstance(data, dict | list) or not data:
        return value
    keys = list(data) if isinstance(data, dict) else list(range(len(data)))
    key = keys[choices[0] % len(keys)]
    data[key] = _replace_somewhere(data[key], choices[1:], value)
    return data


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=50), max_size=6), DOCUMENTS)
def test_mutated_registers_never_crash_the_loader(choices: list[int], value: Any) -> None:
    load(yaml.safe_dump(_replace_somewhere(minimal_data(), choices, value), allow_unicode=True))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes_the_loader(text: str) -> None:
    load(text)
