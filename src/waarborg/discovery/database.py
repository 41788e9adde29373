"""A database as a discovery source: its schema and a bounded, reproducible sample of each table, read-only.

    source = SqlSource("postgresql://reader@db/crm")
    for name in source.units():
        table = source.sample(name, rows=500, seed=7)

The connection cannot write: SQLite runs with ``PRAGMA query_only``, PostgreSQL sessions start read-only.
A table with a whole-number key is sampled in ten stretches from seeded points of its key range, each read
through the key's index (``WHERE key >= ? ORDER BY key LIMIT n``): the same seed reads the same rows, a large
table is not read whole, and the rows come from all of it, not only its start. Other tables are read from
their start. Values are kept as text, each cut to 2,000 characters; they never leave this process.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import urllib.parse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url

from waarborg.core.db import chunks
from waarborg.core.errors import InputError
from waarborg.discovery.model import LONGEST_VALUE, ColumnInfo, ForeignKey, TableSample

STRETCHES = 10


class SqlSource:
    def __init__(self, url: str, engine: Engine | None = None) -> None:
        try:
            self.url = make_url(url)
        except Exception:
            raise InputError("the database URL cannot be read: give it as dialect://user@host/database") from None
        self.engine = engine or _read_only_engine(url)
        self.quote = self.engine.dialect.identifier_preparer.quote
        self.mark = "?" if self.engine.dialect.paramstyle == "qmark" else "%s"
        try:
            self.inspector = inspect(self.engine)
            self.names = sorted(self.inspector.get_table_names())
        except Exception as error:
            self.engine.dispose()
            raise InputError(f"the database {self.description} cannot be read ({type(error).__name__})") from None

    def __enter__(self) -> SqlSource:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def description(self) -> str:
        """The URL without its password, for reports and messages."""
        return self.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def units(self) -> list[str]:
        """The tables, by name: the scan reads one at a time."""
        return list(self.names)

    def read(self, unit: str, rows: int, seed: int) -> list[TableSample]:
        return [self.sample(unit, rows, seed)]

    def sample(self, name: str, rows: int, seed: int) -> TableSample:
        if name not in self.names:
            raise InputError(f"the database {self.description} has no table '{name}'")
        columns = [ColumnInfo(c["name"], str(c["type"]), bool(c.get("nullable", True)))
                   for c in self.inspector.get_columns(name)]  # fmt: skip
        keys = self.inspector.get_pk_constraint(name).get("constrained_columns") or []
        key = keys[0] if len(keys) == 1 else None
        table = TableSample(name, columns, key, self._foreign_keys(name), self._indexed(name, keys),
                            location=self.description)  # fmt: skip
        with self.engine.connect() as connection:
            cursor = connection.connection.cursor()
            table.rows = self._count(cursor, name)
            found = self._rows(cursor, table, rows, seed)
        table.sampled = len(found)
        for at, column in enumerate(columns):
            table.values[column.name] = [text for row in found if (text := as_text(row[at])) is not None]
        return table

    def share_present(self, table: str, column: str, values: Sequence[str], numeric: bool = False) -> float:
        """The share of ``values`` (distinct) that ``table.column`` holds: one look-up per 500, by the column's
        own type (``numeric``: whole numbers) so an index on it is used."""
        if numeric and not all(v.lstrip("-").isdigit() for v in values):
            return 0.0
        wanted: list[Any] = sorted({int(v) for v in values} if numeric else set(values))
        if not wanted:
            return 0.0
        found = 0
        with self.engine.connect() as connection:
            cursor = connection.connection.cursor()
            for chunk in chunks(wanted):
                cursor.execute(self.present_sql(table, column, len(chunk)), tuple(chunk))
                found += int((cursor.fetchone() or (0,))[0])
        return found / len(wanted)

    def present_sql(self, table: str, column: str, count: int) -> str:
        marks = ", ".join([self.mark] * count)
        column = self.quote(column)
        return f"SELECT COUNT(DISTINCT {column}) FROM {self.quote(table)} WHERE {column} IN ({marks})"

    def stretch_sql(self, table: TableSample, per: int) -> str:
        """A stretch of rows from a point of the key's range on: read through the key's index."""
        wanted = ", ".join(self.quote(c.name) for c in table.columns)
        key = self.quote(table.key or "")
        return f"SELECT {wanted} FROM {self.quote(table.name)} WHERE {key} >= {self.mark} ORDER BY {key} LIMIT {per}"

    # --- schema ---------------------------------------------------------------------------------------

    def _foreign_keys(self, name: str) -> list[ForeignKey]:
        found = []
        for fk in self.inspector.get_foreign_keys(name):
            for column, target in zip(fk["constrained_columns"], fk["referred_columns"], strict=False):
                found.append(ForeignKey(column, fk["referred_table"], target))
        return found

    def _indexed(self, name: str, keys: list[str]) -> frozenset[str]:
        indexes: list[list[Any]] = [list(index["column_names"]) for index in self.inspector.get_indexes(name)]
        indexes += [list(unique["column_names"]) for unique in self.inspector.get_unique_constraints(name)]
        return frozenset({str(columns[0]) for columns in indexes if columns and columns[0]} | set(keys[:1]))

    # --- rows -----------------------------------------------------------------------------------------

    def _count(self, cursor: Any, name: str) -> int:
        if self.engine.dialect.name == "postgresql":
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s)", (self.quote(name),))
            estimate = cursor.fetchone()
            if estimate and estimate[0] and estimate[0] > 0:
                return int(estimate[0])
        cursor.execute(f"SELECT COUNT(*) FROM {self.quote(name)}")
        return int(cursor.fetchone()[0])

    def _rows(self, cursor: Any, table: TableSample, rows: int, seed: int) -> list[tuple[Any, ...]]:
        wanted = ", ".join(self.quote(c.name) for c in table.columns)
        source = self.quote(table.name)
        numeric_key = table.key is not None and _whole_number(table, table.key)
        if table.key is None or not numeric_key or (table.rows or 0) <= rows:
            order = f" ORDER BY {self.quote(table.key)}" if table.key else ""
            cursor.execute(f"SELECT {wanted} FROM {source}{order} LIMIT {int(rows)}")
            return list(cursor.fetchall())
        key = self.quote(table.key)
        cursor.execute(f"SELECT MIN({key}), MAX({key}) FROM {source}")
        low, high = cursor.fetchone()
        at = table.columns.index(next(c for c in table.columns if c.name == table.key))
        chosen: dict[Any, tuple[Any, ...]] = {}
        per = max(1, rows // STRETCHES)
        rng = random.Random(seed)
        starts = sorted(rng.randint(int(low), int(high)) for _ in range(STRETCHES))
        for start in starts:
            cursor.execute(self.stretch_sql(table, per), (start,))
            for row in cursor.fetchall():
                chosen.setdefault(row[at], row)
        return [chosen[k] for k in sorted(chosen)][:rows]


def _whole_number(table: TableSample, column: str) -> bool:
    kind = next(c.type for c in table.columns if c.name == column).upper()
    return "INT" in kind or kind in ("SERIAL", "BIGSERIAL")


def as_text(value: Any) -> str | None:
    """A database value as the text the detectors read; None for empty and binary values."""
    if value is None or isinstance(value, bytes | bytearray | memoryview):
        return None
    text = value.isoformat() if isinstance(value, dt.date | dt.datetime | dt.time) else str(value).strip()
    return text[:LONGEST_VALUE] if text else None


def _read_only_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = make_url(url).database
        if not path or path == ":memory:":
            raise InputError("a SQLite URL to scan names a file: sqlite:///path/to/file.db")
        if not Path(path).is_file():
            raise InputError(f"no SQLite database at {path}: check the path")
        target = f"file:{urllib.parse.quote(str(Path(path).resolve()))}?mode=ro"  # opened read-only, never created
        engine = create_engine("sqlite://", hide_parameters=True,
                               creator=lambda: sqlite3.connect(target, uri=True, check_same_thread=False))  # fmt: skip
        event.listen(engine, "connect", _sqlite_query_only)
        return engine
    if url.startswith("postgresql"):
        return create_engine(url, hide_parameters=True,
                             connect_args={"options": "-c default_transaction_read_only=on"})  # fmt: skip
    return create_engine(url, hide_parameters=True)


def _sqlite_query_only(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA query_only = ON")
    cursor.close()
