"""The SQL connector: one person's rows in another database, found by following the register's links.

    connector = Connector(system.sql, url, hash_key)
    rows = connector.export({"email": "an@example.nl"})   # {table: [row, ...]}
    counts = connector.erase({"email": "an@example.nl"})  # {table: {"deleted": n, "masked": m}}

Rows are found from the tables with identity columns (an e-mail address, a customer id), then every table
whose link column points at a found row, parents before children, until nothing new turns up; each query
looks rows up by an identity or link column (index them) and reads only the register's columns. Erasure is
one transaction: rows of fiscal tables stay with their personal columns masked (null, a fixed text, or a
keyed hash), and so does any row a kept row points at (an invoice keeps its customer row, masked);
everything else is deleted, children before parents.

The statements are plain SQL made once per table from the register's names (quoted by the database's own
rules) with bound values: the connector adds little to what a person would write by hand
(``bench/connector.py``).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Engine, create_engine, inspect
from sqlalchemy.engine import Connection

from waarborg.core.db import chunks
from waarborg.core.errors import DeliveryError
from waarborg.register.systems import SqlDataset

Row = tuple[Any, ...]  # the columns of ``Connector.read[table]``, in that order
Rows = dict[str, dict[Any, Row]]  # table -> primary key -> row


class Connector:
    def __init__(self, dataset: SqlDataset, url: str, hash_key: bytes, engine: Engine | None = None) -> None:
        self.dataset = dataset
        self.engine = engine or create_engine(url)
        self.hash_key = hash_key
        try:
            present = set(inspect(self.engine).get_table_names())
        except Exception as error:  # a database that cannot be reached
            raise DeliveryError(f"sql: the system's database cannot be read ({type(error).__name__})") from None
        missing = sorted(set(dataset.tables) - present)
        if missing:
            raise DeliveryError(f"sql: the system's database has no table {', '.join(missing)}")
        self.mark = "?" if self.engine.dialect.paramstyle == "qmark" else "%s"
        self.quote = self.engine.dialect.identifier_preparer.quote
        self.targets = {name: {t.partition(".")[2] for s in dataset.tables.values() for t in s.links.values()
                               if t.partition(".")[0] == name} for name in dataset.tables}  # fmt: skip
        self.order, self.acyclic = self._parents_first()
        self.read = {name: self._read(name) for name in dataset.tables}
        self.at = {name: {column: i for i, column in enumerate(read)} for name, read in self.read.items()}
        self.links = [(name, column, *self._target(target)) for name in self.order
                      for column, target in dataset.tables[name].links.items()]  # fmt: skip
        self.shown = {name: [(c, self.at[name][c]) for c in dict.fromkeys([t.key, *t.links, *t.identity.values(),
                                                                         *t.columns])]
                      for name, t in dataset.tables.items()}  # fmt: skip

    def close(self) -> None:
        self.engine.dispose()

    # --- statements ---------------------------------------------------------------------------------

    def _target(self, target: str) -> tuple[str, int]:
        """A link's parent table and the position of the column it points at among what is read of it."""
        parent, _, column = target.partition(".")
        return parent, self.at[parent][column]

    def _read(self, name: str) -> list[str]:
        """What is read of a table: its key, links, identity and personal columns, and what children point at."""
        spec = self.dataset.tables[name]
        return list(dict.fromkeys([spec.key, *spec.links, *spec.identity.values(), *spec.columns, *self.targets[name]]))

    @cache  # noqa: B019 (a connector lives as long as its register; the statements are per connector)
    def _select(self, name: str, column: str, count: int) -> str:
        wanted = ", ".join(self.quote(c) for c in self.read[name])
        return f"SELECT {wanted} FROM {self.quote(name)} WHERE {self.quote(column)} IN ({self._marks(count)})"

    def _marks(self, count: int) -> str:
        return ", ".join([self.mark] * count)

    def _rows(self, cursor: Any, name: str, column: str, values: Sequence[Any]) -> list[Row]:
        found: list[Row] = []
        for chunk in chunks(values if len(values) < 2 else sorted(values, key=str)):
            cursor.execute(self._select(name, column, len(chunk)), tuple(chunk))
            found += cursor.fetchall()
        return found

    # --- finding ------------------------------------------------------------------------------------

    def find(self, connection: Connection, identifiers: Mapping[str, str]) -> Rows:
        """Every row that belongs to the person, per table, by primary key."""
        # The driver's own cursor, inside the connection's transaction: the statements are plain SQL already,
        # and building a result object per statement would cost more than the lookup itself.
        cursor = connection.connection.cursor()
        found: Rows = {name: {} for name in self.dataset.tables}
        asked: set[tuple[str, str, Any]] = set()
        for name, spec in self.dataset.tables.items():
            for kind, column in spec.identity.items():
                if kind in identifiers:
                    self._add(found, name, self._rows(cursor, name, column, [identifiers[kind]]))
        grown = True
        while grown:
            grown = False
            for name, column, parent, at in self.links:
                values = {row[at] for row in found[parent].values()} - {None}
                new = [v for v in values if (name, column, v) not in asked]
                if new:
                    asked.update((name, column, v) for v in new)
                    grown |= self._add(found, name, self._rows(cursor, name, column, new))
            grown = grown and not self.acyclic  # parents before children: one pass finds everything
        return {name: rows for name, rows in found.items() if rows}

    def _add(self, found: Rows, name: str, rows: list[Row]) -> bool:
        key, before = self.at[name][self.dataset.tables[name].key], len(found[name])
        for row in rows:
            found[name].setdefault(row[key], row)
        return len(found[name]) > before

    # --- export -------------------------------------------------------------------------------------

    def export(self, identifiers: Mapping[str, str]) -> dict[str, list[dict[str, Any]]]:
        """The person's rows: key, links, identity and the register's personal columns, per table."""
        with self.engine.connect() as connection:
            found = self.find(connection, identifiers)
        result = {}
        for name, rows in found.items():
            shown = self.shown[name]
            result[name] = [{c: _plain(row[i]) for c, i in shown} for _key, row in sorted(rows.items(), key=_by_key)]
        return result

    # --- erasure ------------------------------------------------------------------------------------

    def erase(self, identifiers: Mapping[str, str]) -> dict[str, dict[str, int]]:
        """Delete the person's rows, masking those the law keeps; one transaction."""
        with self.engine.begin() as connection:
            found = self.find(connection, identifiers)
            kept = self._kept(found)
            cursor = connection.connection.cursor()
            counts: dict[str, dict[str, int]] = {}
            for name in reversed(self.order):  # children first
                if name not in found:
                    continue
                masked = kept.get(name, set())
                gone = [k for k in found[name] if k not in masked]
                key = self.quote(self.dataset.tables[name].key)
                for chunk in chunks(gone):
                    cursor.execute(
                        f"DELETE FROM {self.quote(name)} WHERE {key} IN ({self._marks(len(chunk))})", tuple(chunk)
                    )
                self._mask(cursor, name, [found[name][k] for k in masked])
                counts[name] = {"deleted": len(gone), "masked": len(masked)}
            return counts

    def _kept(self, found: Rows) -> dict[str, set[Any]]:
        """Rows of fiscal tables, and every row a kept row points at (found in memory, no queries)."""
        kept = {name: set(rows) for name, rows in found.items() if self.dataset.tables[name].fiscal}
        todo = list(kept)
        while todo:
            name = todo.pop()
            for column, target in self.dataset.tables[name].links.items():
                parent, _, parent_column = target.partition(".")
                at, parent_at = self.at[name][column], self.at[parent][parent_column]
                values = {found[name][k][at] for k in kept[name]}
                parents = {k for k, row in found.get(parent, {}).items() if row[parent_at] in values}
                if parents - kept.get(parent, set()):
                    kept[parent] = kept.get(parent, set()) | parents
                    todo.append(parent)
        return kept

    def _mask(self, cursor: Any, name: str, rows: list[Row]) -> None:
        spec = self.dataset.tables[name]
        columns = [
            c for c in dict.fromkeys([*spec.identity.values(), *spec.columns]) if c not in (*spec.links, spec.key)
        ]
        if not rows or not columns:
            return
        at = self.at[name]
        sets = ", ".join(f"{self.quote(c)} = {self.mark}" for c in columns)
        statement = f"UPDATE {self.quote(name)} SET {sets} WHERE {self.quote(spec.key)} = {self.mark}"
        for row in rows:  # per row: a keyed hash differs per value; a few rows per person
            values = [self._masked(spec.mask.get(c, "null"), row[at[c]]) for c in columns]
            cursor.execute(statement, (*values, row[at[spec.key]]))

    def _masked(self, how: str, value: Any) -> Any:
        if how == "null":
            return None
        if how == "hash":
            return (
                None if value is None else hmac.new(self.hash_key, str(value).encode(), hashlib.sha256).hexdigest()[:16]
            )
        return how.removeprefix("fixed:")

    def _parents_first(self) -> tuple[list[str], bool]:
        """Tables ordered so a table comes after every table it links to, and whether that holds for all (no
        cycle: a self-reference or two tables pointing at each other is broken where met, and searched again)."""
        order: list[str] = []
        cycles = False

        def visit(name: str, path: tuple[str, ...]) -> None:
            nonlocal cycles
            if name in path:
                cycles = True
                return
            if name in order:
                return
            for target in self.dataset.tables[name].links.values():
                parent = target.partition(".")[0]
                if parent in self.dataset.tables:
                    visit(parent, (*path, name))
            order.append(name)

        for name in self.dataset.tables:
            visit(name, ())
        return order, not cycles


def _by_key(item: tuple[Any, Row]) -> str:
    return str(item[0]).zfill(20)


PLAIN = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    """A database value as JSON can carry it."""
    return value if type(value) in PLAIN else str(value)
