"""The master key: read from the environment or a key file (made with mode 0600 when absent), and rotated.

The master key wraps every subject's and system's key in the key store; it never touches a record itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from waarborg.core.db import KeyBase, make_engine, session_factory, transaction
from waarborg.core.errors import MasterKeyError
from waarborg.core.files import write_private
from waarborg.vault.crypto import decode_key, encode_key, new_key
from waarborg.vault.keystore import rewrap_all


@dataclass(frozen=True)
class MasterKeySource:
    key: bytes
    created_file: Path | None = None  # set when a new key file was written: tell the operator to back it up


def load_master_key(env_value: str | None, key_file: Path, *, create: bool = True) -> MasterKeySource:
    """The master key from the environment, else from the key file; a missing file is made (mode 0600) only
    with ``create`` (setting up: `waarborg db upgrade`, the demo), else it is an error that says what to set."""
    if env_value:
        return MasterKeySource(decode_key(env_value, "WAARBORG_MASTER_KEY"))
    if key_file.exists():
        mode = key_file.stat().st_mode & 0o777
        if mode & 0o077:
            raise MasterKeyError(f"{key_file}: the key file is readable by others (mode {mode:o}); chmod 600 it")
        return MasterKeySource(decode_key(key_file.read_text(encoding="ascii"), str(key_file)))
    if not create:
        raise MasterKeyError(
            f"no master key: {key_file} does not exist. Set WAARBORG_KEY_FILE to this installation's key file, "
            "or WAARBORG_MASTER_KEY to its key; `waarborg db upgrade` makes a new one for a new installation"
        )
    key = new_key()
    write_key_file(key_file, key)
    return MasterKeySource(key, created_file=key_file)


def write_key_file(path: Path, key: bytes) -> None:
    write_private(path, encode_key(key) + "\n")


@dataclass(frozen=True)
class Rotated:
    count: int  # keys re-wrapped
    new_key: str  # encoded; to be set in WAARBORG_MASTER_KEY when the key came from there
    previous_file: Path | None  # the old key file kept aside, when the key came from a file


def rotate(keystore_url: str, env_value: str | None, key_file: Path) -> Rotated:
    """A new master key, every wrapped key re-wrapped under it in one transaction. A key from a file is
    replaced in that file (the old one kept as ``<file>.previous``); a key from the environment is returned
    for the operator to set."""
    old = load_master_key(env_value, key_file, create=False).key
    new = new_key()
    engine = make_engine(keystore_url)
    previous = None
    try:
        KeyBase.metadata.create_all(engine)
        if env_value is None:
            previous = key_file.with_name(key_file.name + ".previous")
            write_key_file(previous, old)
        with transaction(session_factory(engine)) as session:
            count = rewrap_all(session, old, new)
            if env_value is None:
                write_key_file(key_file, new)
    finally:
        engine.dispose()
    return Rotated(count, encode_key(new), previous)


def prepare_keystore(keystore_url: str, master: bytes) -> None:
    """Create the key store's tables and system keys when they are not there, and check that the master key
    opens them when they are (MasterKeyError otherwise): the last step of setting up a database."""
    from waarborg.vault.keystore import keyring

    engine = make_engine(keystore_url)
    try:
        KeyBase.metadata.create_all(engine)
        with transaction(session_factory(engine)) as session:
            keyring(session, master)
    finally:
        engine.dispose()
