"""The audit trail: an append-only hash chain in the database.

Each entry is sealed with an HMAC over its own content and the previous entry's seal, under an audit key
kept in the key store. Editing an entry breaks its seal; deleting, inserting or reordering breaks the
chain at that point. The head row holds the last sequence number and seal, sealed itself under the audit
key: cutting off the newest entries and pointing the head at the last kept one needs that key. What the
database alone cannot show (a wiped trail, a head restored from an old copy) an **anchor** shows: a signed
copy of the head kept elsewhere (`waarborg audit anchor`), against which `verify` counts what is missing.
A deleted head is reported, and audited work goes on from the last entry. `verify` says which entry and
what kind of tampering.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import JSON, Index, Integer, LargeBinary, String, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from waarborg.access.events import AuditEvent, HeadSealed
from waarborg.core.db import Base
from waarborg.core.prepared import Prepared
from waarborg.core.timeutil import UTCDateTime, now

GENESIS = b"\x00" * 32
HEAD_ID = 1


class AuditEntry(Base):
    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_subject", "subject_id", "seq"),
        Index("ix_audit_entries_kind", "kind", "seq"),  # the last register change, at every start
        Index("ix_audit_entries_actor", "actor", "seq"),  # the office's trail, by who
        Index("ix_audit_entries_request", "request_id", "seq"),  # the office's trail, by request
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(128))
    subject_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # the payload's request id, in a column of its own so the trail can be read by request; not sealed itself,
    # `verify` checks it against the sealed payload
    request_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev: Mapped[bytes] = mapped_column(LargeBinary(32))
    seal: Mapped[bytes] = mapped_column(LargeBinary(32))


class AuditHead(Base):
    """One row: the newest entry's number and seal. Locked while appending, so the chain never forks."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    seal: Mapped[bytes] = mapped_column(LargeBinary(32))
    mac: Mapped[bytes | None] = mapped_column(LargeBinary(32), nullable=True)  # seq and seal, under the audit key
    # The head was found deleted or altered when the trail stood at this entry; kept under the head's seal.
    tampered_at: Mapped[int | None] = mapped_column(Integer, nullable=True)


def _seal(
    key: bytes, prev: bytes, seq: int, at: datetime, kind: str, actor: str, subject: str | None, payload: dict[str, Any]
) -> bytes:
    body = json.dumps([seq, at.isoformat(), kind, actor, subject, payload], sort_keys=True, separators=(",", ":"))
    return hmac.new(key, prev + body.encode(), hashlib.sha256).digest()


def request_of(payload: dict[str, Any]) -> str | None:
    """The request an entry is about (request steps and tasks name one), for the request column."""
    value = payload.get("request")
    return value if isinstance(value, str) else None


class Head(NamedTuple):
    seq: int
    seal: bytes
    mac: bytes | None
    tampered_at: int | None


# Prepared: every read of personal data runs these three
HEAD = Prepared(
    select(AuditHead.seq, AuditHead.seal, AuditHead.mac, AuditHead.tampered_at)
    .where(AuditHead.id == HEAD_ID)
    .with_for_update()
)
APPEND = Prepared(insert(AuditEntry.__table__))  # type: ignore[arg-type]
ADVANCE = Prepared(
    update(AuditHead)
    .where(AuditHead.id == HEAD_ID)
    .values(
        seq=bindparam("new_seq"), seal=bindparam("new_seal"), mac=bindparam("new_mac"), tampered_at=bindparam("at_")
    )
)


def _head(session: Session) -> Head | None:
    row = HEAD.first(session)
    return None if row is None else Head(*row)


def head_mac(key: bytes, seq: int, seal: bytes, tampered_at: int | None) -> bytes:
    body = f"head:{seq}:{tampered_at if tampered_at is not None else '-'}:".encode() + seal
    return hmac.new(key, body, hashlib.sha256).digest()


def _tampered_at(connection: Any, key: bytes, head: Any) -> int | None:
    """Where the head was found altered, kept once found: a head whose seal does not match, or one whose seal
    was removed after heads were sealed, is marked at its entry, so that resealing it never hides the change."""
    if head.tampered_at is not None:
        return int(head.tampered_at)
    if head.mac is None:
        sealed_before = connection.execute(
            select(AuditEntry.seq).where(AuditEntry.kind == HeadSealed.kind).limit(1)
        ).first()
        return int(head.seq) if sealed_before else None
    if hmac.compare_digest(head.mac, head_mac(key, head.seq, head.seal, None)):
        return None
    return int(head.seq)


def record(session: Session, key: bytes, actor: str, event: AuditEvent, at: datetime | None = None) -> int:
    """Append one event to the chain, inside the caller's transaction. Returns its sequence number.

    Core statements, not ORM objects: every read of personal data writes one of these.
    """
    connection = session.connection()
    head = _head(session) or _create_head(session, key)
    tampered_at, moment = _tampered_at(connection, key, head), at or now()
    seq, seal = head.seq, head.seal
    if (head.mac is None and tampered_at is None) or head.seq == 0:  # from here a head without a seal is tampering
        seq, seal = _append(session, key, (seq, seal), moment, "waarborg", HeadSealed())
    seq, seal = _append(session, key, (seq, seal), moment, actor, event)
    ADVANCE.run(
        session,
        {"new_seq": seq, "new_seal": seal, "new_mac": head_mac(key, seq, seal, tampered_at), "at_": tampered_at},
    )
    number: int = seq
    return number


def _append(
    session: Session, key: bytes, after: tuple[int, bytes], moment: datetime, actor: str, event: AuditEvent
) -> tuple[int, bytes]:
    seq, payload = after[0] + 1, event.payload()
    seal = _seal(key, after[1], seq, moment, event.kind, actor, event.subject_id, payload)
    row = {"seq": seq, "at": moment, "kind": event.kind, "actor": actor, "subject_id": event.subject_id,
           "request_id": request_of(payload)}  # fmt: skip
    APPEND.run(session, {**row, "payload": payload, "prev": after[1], "seal": seal})
    return seq, seal


def _create_head(session: Session, key: bytes) -> Any:
    """The head row on first use; a concurrent creator may win, then we lock theirs. A trail that has entries
    but no head lost it: the head goes on from the last entry, marked as tampered with there, so that the deletion
    stays on the record (`verify` reports it) while audited work goes on."""
    seq, seal = _last(session)
    tampered_at = seq or None
    row = {"id": HEAD_ID, "seq": seq, "seal": seal, "tampered_at": tampered_at}
    try:
        with session.begin_nested():
            session.connection().execute(
                insert(AuditHead.__table__),  # type: ignore[arg-type]
                {**row, "mac": head_mac(key, seq, seal, tampered_at)},
            )
    except IntegrityError:
        pass
    created = _head(session)
    assert created is not None  # inserted above, or by the concurrent creator whose row we now lock
    return created


@dataclass(frozen=True)
class Tamper:
    seq: int
    what: str

    def __str__(self) -> str:
        return f"entry {self.seq}: {self.what}"


def verify(session: Session, key: bytes, anchor: Anchor | None = None) -> list[Tamper]:
    """Every place the chain was tampered with, oldest first; empty when the trail is intact. With an
    ``anchor`` (a signed head kept elsewhere), also what is missing or rewritten since it was taken."""
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
        elif entry.request_id != request_of(entry.payload):
            problems.append(Tamper(entry.seq, "edited: its request column does not match its sealed content"))
        expected, prev = entry.seq + 1, entry.seal
    problems += _head_problems(session.get(AuditHead, HEAD_ID), key, expected - 1, prev)
    if anchor is not None:
        problems += _anchor_problems(session, anchor, expected - 1)
    return problems


def _head_problems(head: AuditHead | None, key: bytes, last: int, prev: bytes) -> list[Tamper]:
    if head is None:
        return [Tamper(last, "the head was deleted")] if last else []
    found = []
    if head.tampered_at is not None:
        found.append(Tamper(head.tampered_at, "the head was deleted or changed here; entries cut off with it can "
                                              "only be counted against an anchor"))  # fmt: skip
    if head.mac is None:
        found.append(Tamper(head.seq, "the head carries no seal (written before heads were sealed; the next "
                                      "audited operation seals it) or its seal was removed"))  # fmt: skip
    elif not hmac.compare_digest(head.mac, head_mac(key, head.seq, head.seal, head.tampered_at)):
        found.append(Tamper(head.seq, "the head was changed without the audit key: the newest entries were "
                                      "probably cut off and the head pointed at the last one kept"))  # fmt: skip
    if head.seq > last:
        found.append(Tamper(last + 1, f"the trail ends at entry {last} but its head says {head.seq}: "
                                      "the newest entries were deleted"))  # fmt: skip
    elif head.seq != last or head.seal != prev:
        found.append(Tamper(head.seq, "the head does not match the last entry"))
    return found


def _anchor_problems(session: Session, anchor: Anchor, last: int) -> list[Tamper]:
    taken = anchor.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if last < anchor.seq:
        missing = anchor.seq - last
        return [Tamper(last + 1, f"the trail ends at entry {last} but the anchor of {taken} saw entry {anchor.seq}: "
                                 f"{missing} entries are missing since the anchor was taken")]  # fmt: skip
    seal = session.execute(select(AuditEntry.seal).where(AuditEntry.seq == anchor.seq)).scalar_one_or_none()
    if seal != anchor.seal:
        return [Tamper(anchor.seq, f"not the entry the anchor of {taken} saw: the trail was rewritten")]
    return []


ANCHOR_KIND = "waarborg-audit-anchor"


@dataclass(frozen=True)
class Anchor:
    """The head as it was at a moment, signed under the audit key: kept outside the database (a file, a mail
    to the privacy officer), it shows truncation and wiping that the database alone cannot."""

    seq: int
    seal: bytes
    at: datetime
    signature: bytes

    @staticmethod
    def _sign(key: bytes, seq: int, seal: bytes, at: datetime) -> bytes:
        body = f"{ANCHOR_KIND}:{seq}:{seal.hex()}:{at.isoformat()}".encode()
        return hmac.new(key, body, hashlib.sha256).digest()

    def as_dict(self) -> dict[str, Any]:
        return {"kind": ANCHOR_KIND, "seq": self.seq, "seal": self.seal.hex(), "at": self.at.isoformat(),
                "signature": self.signature.hex()}  # fmt: skip

    @classmethod
    def load(cls, data: dict[str, Any], key: bytes) -> Anchor:
        """An anchor read back; ValueError when it is not one, or its signature does not match (forged, or
        made by another installation)."""
        try:
            if data.get("kind") != ANCHOR_KIND:
                raise ValueError("not an audit anchor")
            seq, seal, at = int(data["seq"]), bytes.fromhex(data["seal"]), datetime.fromisoformat(data["at"])
            signature = bytes.fromhex(data["signature"])
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"not a readable audit anchor: {error}") from None
        if not hmac.compare_digest(signature, cls._sign(key, seq, seal, at)):
            raise ValueError("the anchor's signature does not match: forged, changed, or from another installation")
        return cls(seq, seal, at, signature)


def _last(session: Session) -> tuple[int, bytes]:
    last = session.execute(select(AuditEntry.seq, AuditEntry.seal).order_by(AuditEntry.seq.desc()).limit(1)).first()
    return (int(last.seq), bytes(last.seal)) if last else (0, GENESIS)


def last_seq(session: Session) -> int:
    return _last(session)[0]


def anchor(session: Session, key: bytes, at: datetime | None = None) -> Anchor:
    """An anchor of the trail as it is now: its last entry, signed."""
    seq, seal = _last(session)
    moment = at or now()
    return Anchor(seq, seal, moment, Anchor._sign(key, seq, seal, moment))


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


PAGE_SIZE = 50


@dataclass(frozen=True)
class Filter:
    """What the trail is read for: one person, one request, one actor, one kind (any of them, or none)."""

    subject_id: str | None = None
    request_id: str | None = None
    actor: str | None = None
    kind: str | None = None

    def where(self, query: Any) -> Any:
        for column, value in ((AuditEntry.subject_id, self.subject_id), (AuditEntry.request_id, self.request_id),
                              (AuditEntry.actor, self.actor), (AuditEntry.kind, self.kind)):  # fmt: skip
            if value is not None:
                query = query.where(column == value)
        return query


@dataclass(frozen=True)
class Page:
    entries: list[AuditEntry]
    newer: int | None  # ``after`` for the page of newer entries, when there are any
    older: int | None  # ``before`` for the page of older entries, when there are any


def page(
    session: Session, wanted: Filter, *, before: int | None = None, after: int | None = None, size: int = PAGE_SIZE
) -> Page:
    """One page of the trail, newest first: the entries before ``before`` (or after ``after``), by the index of
    the filter's column and the sequence number (keyset paging: no offsets to count through)."""
    query = wanted.where(select(AuditEntry))
    if after is not None:
        found = list(session.execute(query.where(AuditEntry.seq > after).order_by(AuditEntry.seq).limit(size + 1))
                     .scalars())  # fmt: skip
        more_newer, entries = len(found) > size, list(reversed(found[:size]))
    else:
        if before is not None:
            query = query.where(AuditEntry.seq < before)
        found = list(session.execute(query.order_by(AuditEntry.seq.desc()).limit(size + 1)).scalars())
        more_newer, entries = False, found[:size]
        if before is not None:
            more_newer = _exists(session, wanted, AuditEntry.seq >= before)
    if not entries:
        return Page([], None, None)
    more_older = len(found) > size if after is None else _exists(session, wanted, AuditEntry.seq < entries[-1].seq)
    return Page(entries, entries[0].seq if more_newer else None, entries[-1].seq if more_older else None)


def _exists(session: Session, wanted: Filter, condition: Any) -> bool:
    query = wanted.where(select(AuditEntry.seq)).where(condition).limit(1)
    return session.execute(query).first() is not None
