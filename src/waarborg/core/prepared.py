"""Statements of the hot paths, compiled once per database and run straight on the driver's cursor.

A Core ``execute`` costs about 40 µs of SQLAlchemy's bookkeeping (cache key, execution context, result
metadata) around a 3 µs SQLite call; a look-up sends ten statements and every read of personal data appends to
the audit trail, so that bookkeeping was more than half of a request's time. A :class:`Prepared` keeps what the
bookkeeping is for: the SQL is SQLAlchemy's own compilation for the dialect, values go through the columns' bind
and result processors (aware UTC times, JSON), the statement runs in the caller's transaction on the session's
connection (so the transaction rule is unchanged), errors come back as SQLAlchemy's, with no parameters in them,
and ``before_cursor_execute`` listeners still see every statement (the benchmarks check their query plans).
Statements with expanding ``IN`` lists stay on the ordinary path.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exc
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]  # the bind parameters, in order (positional drivers) or by name
    positional: bool
    construct: Callable[[Mapping[str, Any]], dict[str, Any]]  # given values plus the statement's own (a LIMIT)
    binds: dict[str, Callable[[Any], Any]]
    results: tuple[Processor, ...]


class Prepared:
    """One Core statement, run on the DBAPI cursor of ``session.connection()`` (see the module's text)."""

    every: list[Prepared] = []  # noqa: RUF012 (the registry the benchmarks read)

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self.origin: str = sys._getframe(1).f_globals.get("__name__", "")  # the module that prepared it
        self._compiled: dict[str, _Compiled] = {}
        Prepared.every.append(self)

    def rows(self, session: Session, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Every row, each value as the column's type gives it back."""
        connection = session.connection()
        compiled = self._for(connection.dialect)
        cursor = self._run(connection, compiled, params or {})
        fetched = cursor.fetchall() if cursor.description is not None else []
        cursor.close()
        if not any(compiled.results):
            return [tuple(row) for row in fetched]
        return [
            tuple(
                value if convert is None else convert(value)
                for convert, value in zip(compiled.results, row, strict=True)
            )
            for row in fetched
        ]

    def first(self, session: Session, params: Mapping[str, Any] | None = None) -> tuple[Any, ...] | None:
        found = self.rows(session, params)
        return found[0] if found else None

    def scalar(self, session: Session, params: Mapping[str, Any] | None = None) -> Any:
        row = self.first(session, params)
        return None if row is None else row[0]

    def run(self, session: Session, params: Mapping[str, Any]) -> None:
        """An INSERT, UPDATE or DELETE."""
        self.rows(session, params)

    def sql(self, dialect: Dialect) -> str:
        return self._for(dialect).sql

    def _for(self, dialect: Dialect) -> _Compiled:
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            compiled = self._compiled[dialect.name] = _compile(self.statement, dialect)
        return compiled

    @staticmethod
    def _run(connection: Connection, compiled: _Compiled, params: Mapping[str, Any]) -> Any:
        values = compiled.construct(params)
        for name, bind in compiled.binds.items():
            values[name] = bind(values[name])
        arguments: Sequence[Any] | Mapping[str, Any] = (
            tuple(values[name] for name in compiled.names) if compiled.positional else values
        )
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        if connection._has_events or connection.engine._has_events:
            connection.dispatch.before_cursor_execute(connection, cursor, compiled.sql, arguments, None, False)
        try:
            cursor.execute(compiled.sql, arguments)
        except connection.dialect.loaded_dbapi.Error as error:
            cursor.close()
            raise exc.DBAPIError.instance(
                compiled.sql, None, error, connection.dialect.loaded_dbapi.Error, hide_parameters=True,
                dialect=connection.dialect,
            ) from error  # fmt: skip
        return cursor


def _compile(statement: Executable, dialect: Dialect) -> _Compiled:
    compiled: Any = statement.compile(dialect=dialect)  # type: ignore[attr-defined]
    positional = bool(compiled.positional)
    names = tuple(compiled.positiontup) if positional else tuple(compiled.bind_names.values())
    binds = {name: bind for name, bind in compiled._bind_processors.items() if name in names}
    results = tuple(column.type._cached_result_processor(dialect, None) for column in compiled._result_columns)

    def construct(params: Mapping[str, Any]) -> dict[str, Any]:
        given: dict[str, Any] = compiled.construct_params(params, _check=False)
        return given

    return _Compiled(str(compiled), names, positional, construct, binds, results)
