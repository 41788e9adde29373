"""A scan: read each table of a source, judge its columns, and find the links between tables.

    tables, links = scan(source, rows=500, seed=7, progress=bar)

Links come from the schema's foreign keys, and, for a column without one whose name says it points somewhere
('student_id', 'klantnummer') and whose values are whole numbers, from its values: when nine in ten of the
sampled values are keys of another table, it is taken for a link to that table. A database answers that with an
indexed look-up; a folder of exports only has its samples to compare.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol

from waarborg.discovery.classify import judge
from waarborg.discovery.hints import tokens
from waarborg.discovery.model import Link, TableResult, TableSample

LINKED = 0.9
"""A column links to a table when this share of its sampled values are that table's keys."""
POINTING = ("id", "nr", "nummer", "number", "no", "ref")


class Source(Protocol):
    @property
    def description(self) -> str:
        """Where the data comes from, without secrets."""
        ...

    def units(self) -> list[str]:
        """What the scan reads one at a time (a table, a file), for its progress bar."""
        ...

    def read(self, unit: str, rows: int, seed: int) -> list[TableSample]: ...

    def share_present(self, table: str, column: str, values: Sequence[str], numeric: bool = False) -> float: ...


Progress = Callable[[str], None]


def scan(source: Source, *, rows: int = 500, seed: int = 7,
         progress: Progress | None = None) -> tuple[list[TableResult], list[Link]]:  # fmt: skip
    """Every table's verdicts and the links between tables.

    Each table is judged as soon as it is read, and only the values a link may be found by are kept for later:
    memory holds one table's sample at a time, and the progress bar moves with the work."""
    samples: list[TableSample] = []
    results: list[TableResult] = []
    for unit in source.units():
        for sample in source.read(unit, rows, seed):
            results.append(_result(sample))
            sample.values = {c: v for c, v in sample.values.items() if c == sample.key or _points(c)}
            samples.append(sample)
        if progress is not None:
            progress(unit)
    links = _links(source, samples)
    linking = {(link.table, link.column) for link in links}
    return [_unlinked(result, linking) for result in results], links


def _result(sample: TableSample) -> TableResult:
    verdicts = tuple(judge(sample.name, column, sample.values.get(column.name, [])) for column in sample.columns)
    return TableResult(sample.name, sample.rows, sample.sampled, sample.key, tuple(sorted(sample.indexed)), verdicts)


def _unlinked(result: TableResult, linking: set[tuple[str, str]]) -> TableResult:
    """A link column holds another table's key: the register lists it under ``links``, and the personal data it
    points at is judged in that table."""
    verdicts = tuple(replace(v, category=None, confidence=0.0, also=(), identity=None)
                     if (v.table, v.column) in linking else v for v in result.verdicts)  # fmt: skip
    return replace(result, verdicts=verdicts)


def _links(source: Source, samples: list[TableSample]) -> list[Link]:
    links = [Link(s.name, fk.column, fk.table, fk.target, "foreign key") for s in samples for fk in s.foreign_keys]
    declared = {(link.table, link.column) for link in links}
    keyed = [s for s in samples if s.key is not None]
    for sample in samples:
        for column in sample.columns:
            values = sample.values.get(column.name, [])
            if (sample.name, column.name) in declared or column.name == sample.key or not _points(column.name):
                continue
            if not values or not all(v.isdigit() for v in values):
                continue
            for target in _candidates(column.name, sample, keyed):
                share = source.share_present(target.name, target.key or "", values, numeric=True)
                if share >= LINKED:
                    links.append(
                        Link(sample.name, column.name, target.name, target.key or "", "values", round(share, 2))
                    )
                    break
    return links


def _points(name: str) -> bool:
    parts = tokens(name)
    return (len(parts) > 1 and parts[-1] in POINTING) or any(p.endswith(("nummer", "id")) and len(p) > 4 for p in parts)


def _candidates(column: str, sample: TableSample, keyed: list[TableSample]) -> list[TableSample]:
    """Tables the column may point at, those whose name its own starts with first ('student_id' -> students)."""
    head = tokens(column)[0]
    others = [t for t in keyed if t.name != sample.name]

    def named(table: TableSample) -> bool:
        last = tokens(table.name)[-1] if tokens(table.name) else ""
        return bool(last) and (last.startswith(head[:5]) or head.startswith(last.rstrip("s")[:5]))

    return sorted(others, key=lambda t: (not named(t), t.name))[:5]
