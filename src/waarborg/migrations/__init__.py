"""Alembic migrations of the main database (`waarborg db upgrade`)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config


def config(db_url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "waarborg:migrations")
    cfg.set_main_option("sqlalchemy.url", db_url.replace("%", "%%"))
    return cfg


def upgrade(db_url: str, revision: str = "head") -> None:
    command.upgrade(config(db_url), revision)


def current(db_url: str) -> str | None:
    from sqlalchemy import inspect

    from waarborg.core.db import make_engine

    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            from alembic.migration import MigrationContext

            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
