"""The key store: subject data keys and system keys, wrapped by the master key, in their own database."""

from __future__ import annotations

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.orm import Session

from waarborg.core.db import chunks
from waarborg.core.prepared import Prepared
from waarborg.vault.crypto import (
    Keyring,
    new_key,
    unwrap_system_key,
    wrap_system_key,
)
from waarborg.vault.models import SubjectKey, SystemKey

BLIND_INDEX = "blind_index"
AUDIT = "audit"
SESSION = "session"
LINKS = "links"
REQUESTS = "requests"
STAFF = "staff"
ADD_KEY = Prepared(insert(SubjectKey.__table__))  # type: ignore[arg-type]
KEY_OF = Prepared(select(SubjectKey.wrapped).where(SubjectKey.subject_id == bindparam("subject")))
KEYS_OF = select(SubjectKey.subject_id, SubjectKey.wrapped).where(
    SubjectKey.subject_id.in_(bindparam("subjects", expanding=True))
)


def system_key(session: Session, master: bytes, name: str) -> bytes:
    """A system key, created (and wrapped) on first use."""
    row = session.get(SystemKey, name)
    if row is None:
        key = new_key()
        session.add(SystemKey(name=name, wrapped=wrap_system_key(master, key, name)))
        session.flush()
        return key
    return unwrap_system_key(master, row.wrapped, name)


def keyring(session: Session, master: bytes) -> Keyring:
    return Keyring(
        master,
        system_key(session, master, BLIND_INDEX),
        system_key(session, master, AUDIT),
        system_key(session, master, SESSION),
        system_key(session, master, LINKS),
        system_key(session, master, REQUESTS),
        system_key(session, master, STAFF),
    )


def replace_system_key(session: Session, master: bytes, name: str) -> None:
    """A new key under ``name``: what the old one signed (links, sessions) is no longer accepted."""
    row = session.get(SystemKey, name)
    if row is None:
        system_key(session, master, name)
    else:
        row.wrapped = wrap_system_key(master, new_key(), name)


def add_subject_keys(session: Session, ring: Keyring, subject_ids: list[str]) -> dict[str, bytes]:
    """New data keys for new subjects, stored wrapped; returns them unwrapped for immediate use."""
    keys = {subject_id: new_key() for subject_id in subject_ids}
    rows = [{"subject_id": s, "wrapped": ring.wrap(k, f"subject:{s}")} for s, k in keys.items()]
    if len(rows) == 1:  # one submission: its prepared statement
        ADD_KEY.run(session, rows[0])
    elif rows:
        session.execute(insert(SubjectKey.__table__), rows)  # type: ignore[arg-type]
    return keys


def subject_keys(session: Session, ring: Keyring, subject_ids: list[str]) -> dict[str, bytes]:
    """Data keys of existing subjects; a shredded subject has none."""
    return {
        subject: ring.unwrap(wrapped, f"subject:{subject}")
        for chunk in chunks(subject_ids)
        for subject, wrapped in session.connection().execute(KEYS_OF, {"subjects": list(chunk)})
    }


def subject_key(session: Session, ring: Keyring, subject_id: str) -> bytes | None:
    """One subject's data key (a look-up's hot path); None once shredded."""
    wrapped = KEY_OF.scalar(session, {"subject": subject_id})
    return None if wrapped is None else ring.unwrap(wrapped, f"subject:{subject_id}")


def shred(session: Session, subject_id: str) -> None:
    """Destroy a subject's data key: its values become unreadable everywhere, backups included."""
    session.execute(delete(SubjectKey).where(SubjectKey.subject_id == subject_id))


def shred_many(session: Session, subject_ids: list[str]) -> None:
    """Destroy the data keys of many subjects at once (a retention sweep)."""
    for chunk in chunks(subject_ids):
        session.execute(delete(SubjectKey).where(SubjectKey.subject_id.in_(chunk)))


def rewrap_all(session: Session, old: bytes, new: bytes) -> int:
    """Key rotation: wrap every subject and system key under the new master key. Returns the count."""
    old_ring = Keyring(old, b"")
    new_ring = Keyring(new, b"")
    count = 0
    for row in session.execute(select(SystemKey)).scalars():
        row.wrapped = wrap_system_key(new, unwrap_system_key(old, row.wrapped, row.name), row.name)
        count += 1
    for subject_key in session.execute(select(SubjectKey)).scalars():
        label = f"subject:{subject_key.subject_id}"
        subject_key.wrapped = new_ring.wrap(old_ring.unwrap(subject_key.wrapped, label), label)
        count += 1
    return count


__all__ = [
    "BLIND_INDEX",
    "LINKS",
    "add_subject_keys",
    "keyring",
    "replace_system_key",
    "rewrap_all",
    "shred",
    "shred_many",
    "subject_keys",
]
