"""`waarborg key rotate`: a new master key, every wrapped key re-wrapped, the old key file kept aside."""

from __future__ import annotations

import typer

from waarborg.cli.context import runtime


def rotate() -> None:
    from waarborg.core.config import keystore_url
    from waarborg.vault.masterkey import rotate as rotate_master_key

    settings = runtime().settings
    done = rotate_master_key(keystore_url(settings.db, settings.keystore), settings.master_key, settings.key_file)
    if done.previous_file is None:
        typer.echo(f"re-wrapped {done.count} keys. Set WAARBORG_MASTER_KEY to the new key now:", err=True)
        typer.echo(done.new_key)
    else:
        typer.echo(
            f"re-wrapped {done.count} keys under a new master key in {settings.key_file}; the old key is in "
            f"{done.previous_file} until you have checked the new one (then delete it)",
            err=True,
        )
