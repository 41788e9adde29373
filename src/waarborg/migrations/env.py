"""Alembic environment: the main database's metadata, with every model module imported."""

from __future__ import annotations

from alembic import context

from waarborg.access import audit, breaches, guards, tokens, users
from waarborg.core.db import Base, make_engine
from waarborg.rights import models as request_models
from waarborg.vault import models

MODEL_MODULES = (
    audit,
    breaches,
    guards,
    tokens,
    users,
    models,
    request_models,
)  # imported so that their tables join Base.metadata

target_metadata = Base.metadata


def run() -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    assert url is not None
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run()
