"""The SQL connector: one person's rows in another database, found by following the register's links.

    connector = Connector(system.sql, url, hash_key)
    rows = connector.export({"email": "an@example.nl"})   # {table: [row, ...]}
    counts = connector.erase({"email": "an@example.nl"})  # {table: {"deleted": n, "masked": m}}

Rows are found from the tables with identity columns (an e-mail address, a customer id), then every table
whose link column points at a found row, until nothing new turns up. Erasure is one transaction: rows of
fiscal tables stay with their personal columns masked (null, a fixed text, or a keyed hash), and so does
any row a kept row points at (an invoice keeps its customer row, masked); everything else is deleted,
children before parents. Only the register's columns are read or changed; table and column names come from
the register and are quoted, values are bound.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy import Engine, MetaData, Table, create_engine, delete, select, update
from sqlalchemy.engine import Connection

from waarborg.core.db import chunks
from waarborg.core.errors import DeliveryError
from waarborg.register.systems import SqlDataset

Found = dict[str, set[Any]]  # table -> primary keys


class Connector:
    def __init__(self, dataset: SqlDataset, url: str, hash_key: bytes, engine: Engine | None = None) -> None:
        self.dataset = dataset
        self.engine = engine or create_engine(url)
        self.hash_key = hash_key
        self.metadata = MetaData()
        try:
            self.metadata.reflect(self.engine, only=list(dataset.tables))
        except Exception as error:  # a missing table, or a database that cannot be reached
            raise DeliveryError(
                f"sql: the system's database cannot be read, or lacks the register's tables ({type(error).__name__})"
            ) from None

    def close(self) -> None:
        self.engine.dispose()

    def table(self, name: str) -> Table:
        return self.metadata.tables[name]

    # --- finding ------------------------------------------------------------------------------------

    def find(self, connection: Connection, identifiers: Mapping[str, str]) -> Found:
        """Primary keys of every row that belongs to the person, per table."""
        found: Found = defaultdict(set)
        for name, spec in self.dataset.tables.items():
            table = self.table(name)
            for kind, column in spec.identity.items():
                if kind in identifiers:
                    query = select(table.c[spec.key]).where(table.c[column] == identifiers[kind])
                    found[name].update(connection.execute(query).scalars())
        grown = True
        while grown:
            grown = False
            for name, spec in self.dataset.tables.items():
                for column, target in spec.links.items():
                    parent, _, parent_column = target.partition(".")
                    values = self._values(connection, parent, parent_column, found.get(parent, set()))
                    new = self._keys_where(connection, name, column, values) - found[name]
                    if new:
                        found[name] |= new
                        grown = True
        return {name: keys for name, keys in found.items() if keys}

    def _values(self, connection: Connection, table_name: str, column: str, keys: set[Any]) -> set[Any]:
        spec, table = self.dataset.tables[table_name], self.table(table_name)
        if column == spec.key:
            return set(keys)
        values: set[Any] = set()
        for chunk in chunks(sorted(keys)):
            values.update(connection.execute(select(table.c[column]).where(table.c[spec.key].in_(chunk))).scalars())
        return values - {None}

    def _keys_where(self, connection: Connection, table_name: str, column: str, values: set[Any]) -> set[Any]:
        spec, table = self.dataset.tables[table_name], self.table(table_name)
        keys: set[Any] = set()
        for chunk in chunks(sorted(values)):
            keys.update(connection.execute(select(table.c[spec.key]).where(table.c[column].in_(chunk))).scalars())
        return keys

    # --- export -------------------------------------------------------------------------------------

    def export(self, identifiers: Mapping[str, str]) -> dict[str, list[dict[str, Any]]]:
        """The person's rows: key, links and the register's personal columns, per table."""
        with self.engine.connect() as connection:
            found = self.find(connection, identifiers)
            return {name: list(self._rows(connection, name, keys)) for name, keys in found.items()}

    def _rows(self, connection: Connection, name: str, keys: set[Any]) -> Iterator[dict[str, Any]]:
        spec, table = self.dataset.tables[name], self.table(name)
        wanted = list(dict.fromkeys([spec.key, *spec.links, *spec.identity.values(), *spec.columns]))
        for chunk in chunks(sorted(keys)):
            query = (
                select(*(table.c[c] for c in wanted)).where(table.c[spec.key].in_(chunk)).order_by(table.c[spec.key])
            )
            for row in connection.execute(query):
                yield {k: _plain(v) for k, v in row._mapping.items()}

    # --- erasure ------------------------------------------------------------------------------------

    def erase(self, identifiers: Mapping[str, str]) -> dict[str, dict[str, int]]:
        """Delete the person's rows, masking those the law keeps; one transaction."""
        with self.engine.begin() as connection:
            found = self.find(connection, identifiers)
            kept = self._kept(connection, found)
            counts: dict[str, dict[str, int]] = {}
            for name in self._children_first():
                keys = found.get(name, set())
                if not keys:
                    continue
                masked, gone = keys & kept.get(name, set()), keys - kept.get(name, set())
                table, spec = self.table(name), self.dataset.tables[name]
                for chunk in chunks(sorted(gone)):
                    connection.execute(delete(table).where(table.c[spec.key].in_(chunk)))
                self._mask(connection, name, masked)
                counts[name] = {"deleted": len(gone), "masked": len(masked)}
            return counts

    def _kept(self, connection: Connection, found: Found) -> Found:
        """Rows of fiscal tables, and every row a kept row points at."""
        kept: Found = defaultdict(set)
        for name, keys in found.items():
            if self.dataset.tables[name].fiscal:
                kept[name] |= keys
        grown = True
        while grown:
            grown = False
            for name in list(kept):
                for column, target in self.dataset.tables[name].links.items():
                    parent, _, parent_column = target.partition(".")
                    values = self._values(connection, name, column, kept[name])
                    parents = self._keys_where(connection, parent, parent_column, values) & found.get(parent, set())
                    if parents - kept[parent]:
                        kept[parent] |= parents
                        grown = True
        return kept

    def _mask(self, connection: Connection, name: str, keys: set[Any]) -> None:
        spec, table = self.dataset.tables[name], self.table(name)
        columns = [
            c for c in dict.fromkeys([*spec.identity.values(), *spec.columns]) if c not in (*spec.links, spec.key)
        ]
        if not keys or not columns:
            return
        fixed = {c: self._masked(spec.mask.get(c, "null"), None) for c in columns if spec.mask.get(c) != "hash"}
        hashed = [c for c in columns if spec.mask.get(c) == "hash"]
        for chunk in chunks(sorted(keys)):
            if fixed:
                connection.execute(update(table).where(table.c[spec.key].in_(chunk)).values(**fixed))
            if hashed:
                query = select(table.c[spec.key], *(table.c[c] for c in hashed)).where(table.c[spec.key].in_(chunk))
                for row in list(connection.execute(query)):
                    values = {c: self._masked("hash", row._mapping[c]) for c in hashed}
                    connection.execute(update(table).where(table.c[spec.key] == row[0]).values(**values))

    def _masked(self, how: str, value: Any) -> Any:
        if how == "null":
            return None
        if how == "hash":
            return (
                None if value is None else hmac.new(self.hash_key, str(value).encode(), hashlib.sha256).hexdigest()[:16]
            )
        return how.removeprefix("fixed:")

    def _children_first(self) -> list[str]:
        """Tables ordered so a table comes before every table it links to."""
        order: list[str] = []
        seen: set[str] = set()

        def visit(name: str, path: tuple[str, ...]) -> None:
            if name in seen or name in path:
                return
            for other, spec in self.dataset.tables.items():
                if any(t.partition(".")[0] == name for t in spec.links.values()):
                    visit(other, (*path, name))
            seen.add(name)
            order.append(name)

        for name in self.dataset.tables:
            visit(name, ())
        return order


def _plain(value: Any) -> Any:
    """A database value as JSON can carry it."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
