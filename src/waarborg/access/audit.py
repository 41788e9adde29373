"""The audit trail: an append-only hash chain in the database.

Each entry is sealed with an HMAC over its own content and the previous entry's seal, under an audit key
kept in the key store. Editing an entry breaks its seal; deleting, inserting or reordering breaks the
chain at that point; deleting the newest entries is caught by the head row, which holds the last
sequence number and seal. `verify` says which entry and what kind of tampering.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, LargeBinary, String, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from waarborg.access.events import AuditEvent
from waarborg.core.db import Base
from waarborg.core.timeutil import UTCDateTime, now

GENESIS = b"\x00" * 32
HEAD_ID = 1


class AuditEntry(Base):
    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_subject", "subject_id", "seq"),
        Index("ix_audit_entries_kind", "kind", "seq"),  # the last register change, at every start
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(128))
    subject_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev: Mapped[bytes] = mapped_column(LargeBinary(32))
    seal: Mapped[bytes] = mapped_column(LargeBinary(32))


class AuditHead(Base):
    """One row: the newest entry's number and seal. Locked while appending, so the chain never forks."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    seal: Mapped[bytes] = mapped_column(LargeBinary(32))


def _seal(
    key: bytes, prev: bytes, seq: int, at: datetime, kind: str, actor: str, subject: str | None, payload: dict[str, Any]
) -> bytes:
    body = json.dumps([seq, at.isoformat(), kind, actor, subject, payload], sort_keys=True, separators=(",", ":"))
    return hmac.new(key, prev + body.encode(), hashlib.sha256).digest()


HEAD = select(AuditHead.seq, AuditHead.seal).where(AuditHead.id == HEAD_ID).with_for_update()
APPEND = insert(AuditEntry.__table__)  # type: ignore[arg-type]
ADVANCE = update(AuditHead).where(AuditHead.id == HEAD_ID).values(seq=bindparam("new_seq"), seal=bindparam("new_seal"))


def record(session: Session, key: bytes, actor: str, event: AuditEvent, at: datetime | None = None) -> int:
    """Append one event to the chain, inside the caller's transaction. Returns its sequence number.

    Core statements, not ORM objects: every read of personal data writes one of these.
    """
    connection = session.connection()
    head = connection.execute(HEAD).first() or _create_head(session)
    seq, moment, payload = head.seq + 1, at or now(), event.payload()
    seal = _seal(key, head.seal, seq, moment, event.kind, actor, event.subject_id, payload)
    connection.execute(
        APPEND,
        {
            "seq": seq,
            "at": moment,
            "kind": event.kind,
            "actor": actor,
            "subject_id": event.subject_id,
            "payload": payload,
            "prev": head.seal,
            "seal": seal,
        },
    )
    connection.execute(ADVANCE, {"new_seq": seq, "new_seal": seal})
    number: int = seq
    return number


def _create_head(session: Session) -> Any:
    """The head row on first use; a concurrent creator may win, then we lock theirs."""
    try:
        with session.begin_nested():
            session.connection().execute(
                insert(AuditHead.__table__),  # type: ignore[arg-type]
                {"id": HEAD_ID, "seq": 0, "seal": GENESIS},
            )
    except IntegrityError:
        pass
    return session.connection().execute(HEAD).one()


@dataclass(frozen=True)
class Tamper:
    seq: int
    what: str

    def __str__(self) -> str:
        return f"entry {self.seq}: {self.what}"


def verify(session: Session, key: bytes) -> list[Tamper]:
    """Every place the chain was tampered with, oldest first; empty when the trail is intact."""
    problems: list[Tamper] = []
    expected, prev = 1, GENESIS
    for entry in session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars():
        if entry.seq != expected:
            gap = f"{expected}" if entry.seq == expected + 1 else f"{expected} to {entry.seq - 1}"
            problems.append(Tamper(expected, f"missing: entries {gap} were deleted"))
        elif entry.prev != prev:
            problems.append(Tamper(entry.seq, "does not follow the entry before it (inserted, deleted or moved)"))
        recomputed = _seal(
            key, entry.prev, entry.seq, entry.at, entry.kind, entry.actor, entry.subject_id, entry.payload
        )
        if not hmac.compare_digest(recomputed, entry.seal):
            problems.append(Tamper(entry.seq, "edited: its content does not match its seal"))
        expected, prev = entry.seq + 1, entry.seal
    head = session.get(AuditHead, HEAD_ID)
    last = expected - 1
    if head is not None and (head.seq != last or head.seal != prev):
        problems.append(
            Tamper(
                last + 1 if head.seq > last else head.seq,
                f"the trail ends at entry {last} but its head says {head.seq}: the newest entries were deleted"
                if head.seq > last
                else "the head does not match the last entry",
            )
        )
    return problems


def entries_for(session: Session, subject_id: str) -> Iterator[AuditEntry]:
    """Who did what with one subject's data, oldest first (for access requests: 'who looked at my data')."""
    query = select(AuditEntry).where(AuditEntry.subject_id == subject_id).order_by(AuditEntry.seq)
    return iter(session.execute(query).scalars().all())


def of_kind(session: Session, kind: str) -> list[AuditEntry]:
    """Every entry of one kind, oldest first (uses the kind index)."""
    query = select(AuditEntry).where(AuditEntry.kind == kind).order_by(AuditEntry.seq)
    return list(session.execute(query).scalars())


def last_of_kind(session: Session, kind: str) -> AuditEntry | None:
    query = select(AuditEntry).where(AuditEntry.kind == kind).order_by(AuditEntry.seq.desc()).limit(1)
    return session.execute(query).scalar_one_or_none()


def export_rows(session: Session, since: datetime | None = None, until: datetime | None = None) -> list[dict[str, Any]]:
    """The trail (or a period of it) as plain rows, for the AP or an auditor: ids and field names only."""
    query = select(AuditEntry).order_by(AuditEntry.seq)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if until is not None:
        query = query.where(AuditEntry.at < until)
    return [
        {
            "seq": e.seq,
            "at": e.at.isoformat(),
            "kind": e.kind,
            "actor": e.actor,
            "subject": e.subject_id,
            "detail": json.dumps(e.payload, sort_keys=True, ensure_ascii=False),
            "seal": e.seal.hex(),
        }
        for e in session.execute(query).scalars()
    ]
