"""A table of the statement (cookies, embeds, rights) as headers and rows, for the templates to lay out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Table:
    """A table with its headers; a column no row has a value in is left out."""

    headers: list[str]
    rows: list[list[str]]

    @classmethod
    def of(cls, headers: list[str], rows: list[list[str]]) -> Table:
        keep = [i for i in range(len(headers)) if any(row[i] for row in rows)]
        return cls([headers[i] for i in keep], [[row[i] for i in keep] for row in rows])
