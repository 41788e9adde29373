"""docs/publishing.md lists every sentence template with an example per language; the code must produce each."""

from __future__ import annotations

import re

import pytest

from tests.factories import ROOT
from tests.register.publishing_fixture import VOICES, outputs
from waarborg.register.render import activity, retention, statement, website

DOC = (ROOT / "docs" / "publishing.md").read_text(encoding="utf-8")
SECTION = DOC.split("## Sentence templates", 1)[1]
ROW = re.compile(r"^\| `([a-z_.]+)` \|(.*)\|$", re.MULTILINE)
ROWS = {key: [cell.strip() for cell in cells.split("|")] for key, cells in ROW.findall(SECTION)}
TEMPLATES = [
    *(f"retention.{k}" for k in retention.TEMPLATES),
    *(f"activity.{k}" for k in activity.SENTENCES),
    *(f"statement.{k}" for k in statement.SENTENCES),
    *(f"website.{k}" for k in website.SENTENCES),
]


def test_every_template_is_documented() -> None:
    assert set(TEMPLATES) - set(ROWS) == set(), "templates missing from docs/publishing.md"
    assert set(ROWS) - set(TEMPLATES) == set(), "docs/publishing.md lists templates the code does not have"


@pytest.mark.parametrize("column", list(VOICES))
def test_every_documented_example_is_produced(column: str) -> None:
    text = outputs(column)
    index = list(VOICES).index(column)
    missing = [
        f"{key}: {cells[index]}"
        for key, cells in ROWS.items()
        if cells[index] and " ".join(cells[index].split()) not in text
    ]
    assert not missing, f"{column}: the code does not produce\n" + "\n".join(missing)
