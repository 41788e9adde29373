"""Shared fixtures. Database tests run on SQLite, or on PostgreSQL when WAARBORG_TEST_DB names one
(``make test`` does both; see scripts/with-postgres)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.factories import make_register
from waarborg.core.db import Base, KeyBase, make_engine
from waarborg.register.schema import Register
from waarborg.vault.service import Vault

pytest_plugins = ["tests.rights.helpers"]  # the request fixtures: seed vaults and a local mail server

POSTGRES = os.environ.get("WAARBORG_TEST_DB", "").startswith("postgresql")


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    """An empty database: a fresh SQLite file, or the test PostgreSQL database emptied."""
    if POSTGRES:
        url = os.environ["WAARBORG_TEST_DB"]
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        yield url
    else:
        yield f"sqlite:///{tmp_path / 'waarborg.db'}"


@pytest.fixture(autouse=True)
def _mail_stays_in_the_test(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """With no mail server set, Waarborg writes .eml files to ./outbox; a test's go to its own folder instead
    (never into the working copy)."""
    if "WAARBORG_SMTP_URL" not in os.environ:
        monkeypatch.setenv("WAARBORG_SMTP_URL", f"outbox:{tmp_path / 'outbox'}")


@pytest.fixture
def master_key() -> bytes:
    return secrets.token_bytes(32)


@pytest.fixture
def register() -> Register:
    return make_register().register


def open_vault(register: Register, db_url: str, master_key: bytes) -> Vault:
    return Vault.open(register, db_url, master_key=master_key, create=True)


@pytest.fixture
def vault(register: Register, db_url: str, master_key: bytes) -> Iterator[Vault]:
    opened = open_vault(register, db_url, master_key)
    yield opened
    opened.close()


__all__ = ["POSTGRES", "Base", "KeyBase", "open_vault"]
