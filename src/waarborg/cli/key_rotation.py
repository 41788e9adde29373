"""`waarborg key rotate`: a new master key, every wrapped key re-wrapped, the old key file kept aside."""

from __future__ import annotations

import typer

from waarborg.cli.context import runtime


def rotate() -> None:
    from waarborg.core.config import keystore_url
    from waarborg.core.db import KeyBase, make_engine, session_factory, transaction
    from waarborg.vault.crypto import encode_key, load_master_key, new_key, write_key_file
    from waarborg.vault.keystore import rewrap_all

    settings = runtime().settings
    old = load_master_key(settings.master_key, settings.key_file).key
    new = new_key()
    engine = make_engine(keystore_url(settings.db, settings.keystore))
    KeyBase.metadata.create_all(engine)
    if settings.master_key is None:
        previous = settings.key_file.with_name(settings.key_file.name + ".previous")
        write_key_file(previous, old)
    with transaction(session_factory(engine)) as session:
        count = rewrap_all(session, old, new)
        if settings.master_key is None:
            write_key_file(settings.key_file, new)
    engine.dispose()
    if settings.master_key is not None:
        typer.echo(f"re-wrapped {count} keys. Set WAARBORG_MASTER_KEY to the new key now:", err=True)
        typer.echo(encode_key(new))
    else:
        typer.echo(
            f"re-wrapped {count} keys under a new master key in {settings.key_file}; the old key is in "
            f"{previous} until you have checked the new one (then delete it)",
            err=True,
        )
