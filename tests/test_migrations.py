"""The migrations make exactly the tables the models describe: a model change without a migration fails here."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from waarborg import migrations
from waarborg.access import audit, breaches, tokens, users
from waarborg.core.db import Base, make_engine
from waarborg.rights import models as request_models
from waarborg.vault import models

MODEL_MODULES = (audit, breaches, tokens, users, models, request_models)  # as migrations/env.py imports them


def test_the_migrations_match_the_models(db_url: str) -> None:
    assert MODEL_MODULES  # every model module is imported, so its tables are in Base.metadata
    migrations.upgrade(db_url)
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"render_as_batch": True})
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    tables = [d for d in differences if d[0] != "remove_table" or d[1].name != "alembic_version"]
    assert tables == []


def test_the_newest_migration_goes_down_and_up_again(db_url: str) -> None:
    from alembic import command
    from alembic.script import ScriptDirectory

    newest = ScriptDirectory.from_config(migrations.config(db_url)).get_current_head()
    migrations.upgrade(db_url)
    made = _indexes(db_url)
    command.downgrade(migrations.config(db_url), "-1")
    assert migrations.current(db_url) != newest and _indexes(db_url) != made
    migrations.upgrade(db_url)
    assert migrations.current(db_url) == newest and _indexes(db_url) == made


def _indexes(db_url: str) -> dict[str, set[str]]:
    """Per table, the names of its indexes: what a migration makes, as the database reports it."""
    from sqlalchemy import inspect

    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            look = inspect(connection)
            return {table: {str(i["name"]) for i in look.get_indexes(table)} for table in look.get_table_names()}
    finally:
        engine.dispose()
