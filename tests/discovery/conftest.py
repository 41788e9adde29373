"""The planted course administration and CRM, on SQLite files or, with WAARBORG_TEST_DB, on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import POSTGRES
from tests.discovery import planted
from tests.factories import make_register
from waarborg.register.schema import Register


@dataclass
class Planted:
    admin: str
    crm: str
    people: list[dict[str, Any]]


def _fresh_postgres(name: str) -> str:
    base = make_url(os.environ["WAARBORG_TEST_DB"])
    server = create_engine(base, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def systems(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Planted]:
    if POSTGRES:
        admin, crm = _fresh_postgres("wb_discover_admin"), _fresh_postgres("wb_discover_crm")
    else:
        folder: Path = tmp_path_factory.mktemp("systems")
        admin, crm = f"sqlite:///{folder / 'admin.db'}", f"sqlite:///{folder / 'crm.db'}"
    engines = create_engine(admin), create_engine(crm)
    people = planted.fill_admin(engines[0])
    planted.fill_crm(engines[1], people)
    for engine in engines:
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("ANALYZE"))
        engine.dispose()
    yield Planted(admin, crm, people)


@pytest.fixture(scope="module")
def planted_register() -> Register:
    return make_register(planted.with_systems).register
