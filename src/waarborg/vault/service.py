"""The vault's public API: take records in, record events, find and show subjects, erase them.

    vault = Vault.open(register, "sqlite:///waarborg.db", master_key=key)
    with vault.unit() as unit:                      # one transaction; the caller owns it
        added = vault.add_record(unit, "newsletter", {"email": "an@example.nl"})
        vault.add_event(unit, added.subject_id, "unsubscribed")
    with vault.unit() as unit:
        subject = vault.get_subject(unit, added.subject_id)

Nothing enters unless the register allows it (``validate``); values and identifiers are encrypted
under the subject's data key; a subject is found again by the blind index of its e-mail address or
phone number (``register.identity.link_by``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import BindParameter, Engine, bindparam, insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from waarborg.access import audit as audit_trail
from waarborg.access import sessions, users
from waarborg.access.events import (
    AuditEvent,
    EventAdded,
    RecordAdded,
    RegisterChanged,
    SignedIn,
    SubjectErased,
    SubjectFound,
    SubjectRead,
)
from waarborg.access.policy import Principal
from waarborg.core.db import (
    Base,
    KeyBase,
    bound_lock_waits,
    checkpoint,
    chunks,
    is_lock_wait,
    make_engine,
    session_factory,
    writer_lock,
)
from waarborg.core.deadline import too_late
from waarborg.core.errors import ForbiddenError, InputError, NotFoundError
from waarborg.core.prepared import Prepared
from waarborg.core.timeutil import bounded, now
from waarborg.register.schema import BUILTIN_EVENTS, Register
from waarborg.vault import due_dates, intake, keystore, removal, store
from waarborg.vault.ciphers import StaffSecrets, SubjectCipher
from waarborg.vault.crypto import Keyring
from waarborg.vault.intake import OWN_SOURCE, Added, Submission, table
from waarborg.vault.models import Event, Identifier, Record, Subject
from waarborg.vault.subject_view import SUBJECT_BY_ID, as_seen_by, held_by, subject_view
from waarborg.vault.validate import Validated, validate_changes, validate_record
from waarborg.vault.views import SubjectView

__all__ = ["OWN_SOURCE", "Added", "Submission", "Unit", "Vault", "table"]

SUBJECT: BindParameter[str] = bindparam("subject")
SOURCE_KEY = re.compile(r"[a-z0-9_]{1,64}")
RECORD_DUE = Prepared(select(Record.due_at).where(Record.id == bindparam("record")))
RECORD_OWNER = Prepared(select(Record.subject_id).where(Record.id == bindparam("record")))
ADD_EVENT = Prepared(
    insert(Event)
    .values(subject_id=bindparam("subject"), record_id=bindparam("record"), activity=bindparam("activity"),
            name=bindparam("name"), at=bindparam("at"))
    .returning(Event.id)
)  # fmt: skip
SUBJECT_BY_IDENTIFIER = Prepared(
    select(Identifier.subject_id)
    .where(Identifier.blind == bindparam("blind"), Identifier.kind == bindparam("kind"))
    .limit(1)
)


@dataclass
class Unit:
    """One unit of work over the data and the key store."""

    data: Session
    keys: Session
    shredded: bool = False  # a key was destroyed: after the commit, the files are checkpointed (see unit())


class Vault:
    def __init__(self, register: Register, data: Engine, keys: Engine, ring: Keyring) -> None:
        self.register = register
        self.data_engine = data
        self.keys_engine = keys
        self.ring = ring
        self._data: sessionmaker[Session] = session_factory(data)
        self._keys: sessionmaker[Session] = session_factory(keys)
        self._writer = writer_lock(data)

    @classmethod
    def open(
        cls,
        register: Register,
        db_url: str,
        *,
        master_key: bytes,
        keystore_url: str | None = None,
        create: bool = False,
        pool: int | None = None,
        wait: float | None = None,
    ) -> Vault:
        """Connect; ``create`` makes the tables directly (tests, demos) instead of through migrations. ``pool``:
        connections kept per database (default SQLAlchemy's 5, and 10 more at need); ``wait``: the longest a unit
        waits for one (default 30 s)."""
        data = make_engine(db_url, pool=pool, wait=wait)
        keys = data if (keystore_url or db_url) == db_url else make_engine(keystore_url or db_url, pool=pool, wait=wait)
        try:
            if create:
                from waarborg.access import breaches, guards, tokens  # their tables join the metadata

                assert (
                    breaches.Breach.__tablename__
                    and tokens.StaffToken.__tablename__
                    and guards.SpentToken.__tablename__
                )
                Base.metadata.create_all(data)
            KeyBase.metadata.create_all(keys)
            with session_factory(keys)() as session, session.begin():
                ring = keystore.keyring(session, master_key)
        except BaseException:
            data.dispose()
            keys.dispose()
            raise
        return cls(register, data, keys, ring)

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._checkpoint()
        self.data_engine.dispose()
        self.keys_engine.dispose()

    @contextmanager
    def unit(self) -> Iterator[Unit]:
        """A transaction over data and keys. With the keys in the same database it is one transaction;
        apart, the keys commit first: a key without data is harmless, data without its key unreadable.

        Under a deadline (a server's request, see core/deadline.py) the waits before the work (the SQLite
        writer's turn, a PostgreSQL lock or statement) give up when it passes, and a pooled connection is waited
        for at most ``wait``: BusyError, after the rollback, with nothing held."""
        try:
            with self._writer:
                work = yield from self._transaction()
        except (PoolTimeout, OperationalError) as error:
            if isinstance(error, PoolTimeout) or is_lock_wait(error):
                raise too_late("the database") from None
            raise
        if work.shredded:  # the erased keys' pages leave the key store's write-ahead log for its file, overwritten
            checkpoint(self.keys_engine)  # (the data holds only what those keys sealed: no need to wait for it)

    def _transaction(self) -> Generator[Unit, None, Unit]:
        if self.keys_engine is self.data_engine:
            with self._data() as session, session.begin():
                bound_lock_waits(session)
                work = Unit(session, session)
                yield work
            return work
        with self._keys() as keys, self._data() as data:
            keys.begin()
            data.begin()
            bound_lock_waits(data)
            work = Unit(data, keys)
            try:
                yield work
            except BaseException:
                data.rollback()
                keys.rollback()
                raise
            keys.commit()
            data.commit()
        return work

    def _checkpoint(self) -> None:
        for engine in {self.keys_engine, self.data_engine}:
            checkpoint(engine)

    # --- intake -------------------------------------------------------------------------------------

    def validate(self, activity: str, data: Mapping[str, object]) -> Validated:
        return validate_record(self.register, activity, data)

    def validate_changes(self, changes: Mapping[str, object], activity: str | None = None) -> None:
        """A correction's values, checked as a record's (RecordError naming the field) before it is asked for."""
        validate_changes(self.register, changes, activity)

    def add_record(
        self,
        unit: Unit,
        activity: str,
        data: Mapping[str, object],
        *,
        collected_at: datetime | None = None,
        source: str = "data_subject",
        by: Principal,
    ) -> Added:
        by.require("add", activity)
        if not SOURCE_KEY.fullmatch(source):
            raise InputError("source: give the key of where the data came from (data_subject, or a source of the "
                             "activity: 1 to 64 small letters, digits or _)")  # fmt: skip
        when = bounded(collected_at, "collected_at", past=True) if collected_at is not None else now()
        submission = Submission(self.validate(activity, data), when, source)
        added = self.add_records(unit, activity, [submission], by=by, audited=False)[0]
        fields = tuple(sorted(submission.validated.values))
        self.audit(unit, by.actor, RecordAdded(added.subject_id, added.record_id, activity, fields))
        return added

    def audit(self, unit: Unit, actor: str, event: AuditEvent) -> int:
        """Append an event to the audit trail, in this unit's transaction."""
        return audit_trail.record(unit.data, self.ring.audit_key, actor, event)

    def add_records(
        self,
        unit: Unit,
        activity: str,
        submissions: Sequence[Submission],
        *,
        by: Principal,
        audited: bool = True,
    ) -> list[Added]:
        """Store validated submissions for one activity in bulk; rows sharing an identifier share a subject."""
        return intake.store(self, unit, activity, submissions, by=by, audited=audited)

    # --- events -------------------------------------------------------------------------------------

    def add_event(
        self,
        unit: Unit,
        subject_id: str,
        name: str,
        *,
        at: datetime | None = None,
        activity: str | None = None,
        record_id: str | None = None,
        by: Principal,
    ) -> int:
        """Record a lifecycle event the register knows (``events`` or a built-in one)."""
        return self.add_events(unit, subject_id, [name], at=at, activity=activity, record_id=record_id, by=by)[0]

    def add_events(
        self,
        unit: Unit,
        subject_id: str,
        names: Sequence[str],
        *,
        at: datetime | None = None,
        activity: str | None = None,
        record_id: str | None = None,
        by: Principal,
    ) -> list[int]:
        """Several events at one moment (consent withdrawn and unsubscribed), the due dates recomputed once."""
        for name in names:
            if name not in self.register.events and name not in BUILTIN_EVENTS:
                declared = ", ".join(sorted({*self.register.events, *BUILTIN_EVENTS}))
                raise InputError(f"event '{name}' is not declared in the register; declared: {declared}")
        if activity is not None and activity not in self.register.activities:
            raise InputError(f"activity '{activity}' is not declared in the register")
        if activity is not None:
            by.require("add", activity)
        elif by.activities is not None:
            raise ForbiddenError(f"{by.actor}: an event for every activity needs access to every activity")
        moment = bounded(at, "at", past=True) if at is not None else now()
        if SUBJECT_BY_ID.first(unit.data, {"subject": subject_id}) is None:
            raise NotFoundError(f"subject {subject_id} not found")
        if record_id is not None and RECORD_OWNER.scalar(unit.data, {"record": record_id}) != subject_id:
            raise NotFoundError(f"record {record_id} of subject {subject_id} not found")
        row = {"subject": subject_id, "record": record_id, "activity": activity, "at": moment}
        added = [int(ADD_EVENT.scalar(unit.data, {**row, "name": name})) for name in names]
        self.refresh_due(unit, subject_id)
        for name in names:
            self.audit(unit, by.actor, EventAdded(subject_id, name, activity))
        return added

    def refresh_due(self, unit: Unit, subject_id: str) -> None:
        """Recompute a subject's due dates from the register, its events and its holds."""
        due_dates.refresh(unit.data, self.register, subject_id, now())

    # --- reading ------------------------------------------------------------------------------------

    def require_subject(self, unit: Unit, subject_id: str) -> Subject:
        subject = unit.data.get(Subject, subject_id)
        if subject is None:
            raise NotFoundError(f"subject {subject_id} not found")
        return subject

    def find_subject(self, unit: Unit, kind: str, value: str, *, by: Principal) -> str | None:
        """The subject with this identifier (normalised as at intake), or None."""
        blind = self.ring.blind_index(kind, self.normalise_identifier(kind, value))
        found: str | None = SUBJECT_BY_IDENTIFIER.scalar(unit.data, {"blind": blind, "kind": kind})
        if "read" not in by.actions:
            raise ForbiddenError(f"{by.actor} may not read personal data")
        if found is None or not self.visible_to(unit, by, found):
            return None
        self.audit(unit, by.actor, SubjectFound(found, kind))
        return found

    def subject_for_intake(self, unit: Unit, kind: str, value: str, *, by: Principal, activity: str) -> str:
        """The subject an identifier links to, for a write that names a person the way a website knows them
        (a consent by e-mail address), as intake links records: the caller must be allowed to add to
        ``activity``, and only a subject holding data of that activity is found (NotFoundError otherwise)."""
        by.require("add", activity)
        blind = self.ring.blind_index(kind, self.normalise_identifier(kind, value))
        holding = sorted(h for h in store.holders(unit, kind, blind) if activity in store.activities_of(unit, h))
        if not holding:
            raise NotFoundError(f"no record of activity '{activity}' holds this {kind}: add the record first")
        return holding[0]

    def count_affected(self, unit: Unit, activities: list[str], fields: list[str]) -> tuple[int, int]:
        """Subjects and records a breach touches: records of these activities holding any of these fields
        (all fields when none are named)."""
        hit = self._affected_records(unit, activities, fields)
        return len(set(hit)), len(hit)

    def affected_subjects(self, unit: Unit, activities: list[str], fields: list[str]) -> list[str]:
        """The subjects to tell about a high-risk breach (Art 34), by id."""
        return sorted(set(self._affected_records(unit, activities, fields)))

    def _affected_records(self, unit: Unit, activities: list[str], fields: list[str]) -> list[str]:
        rows = unit.data.execute(
            select(Record.subject_id, Record.fields).where(Record.activity.in_(activities), Record.status != "erased")
        )
        wanted = set(fields)
        return [subject for subject, held in rows if not wanted or wanted & set(held)]

    def sign_in(self, unit: Unit, username: str, password: str, code: str | None = None) -> str:
        """Check a staff member's password (and code) and give a signed session token; audited."""
        user = users.sign_in(unit.data, username, password, code, self.staff_secrets)
        self.audit(unit, f"user:{user.username}", SignedIn(user.username, True))
        return sessions.issue_session(user, self.ring.session_key)

    @property
    def staff_secrets(self) -> StaffSecrets:
        """Seals and opens staff members' second-factor secrets (``users.enable_totp``)."""
        return StaffSecrets(self.ring)

    def principal_for_session(self, unit: Unit, token: str) -> Principal:
        from waarborg.access import policy

        return policy.for_user(self.register, sessions.user_for_session(unit.data, self.ring.session_key, token))

    def note_register(self, unit: Unit, by: Principal) -> bool:
        """Record in the audit trail when the register in force differs from the last one recorded."""
        digest = hashlib.sha256(self.register.model_dump_json().encode()).hexdigest()
        last = audit_trail.last_of_kind(unit.data, RegisterChanged.kind)
        previous = str(last.payload["digest"]) if last else None
        if previous == digest:
            return False
        event = RegisterChanged(self.register.organisation.name, self.register.statement.version, digest, previous)
        self.audit(unit, by.actor, event)
        return True

    def audit_anchor(self, unit: Unit) -> audit_trail.Anchor:
        """The trail's head as it is now, signed: to keep outside the database (`audit verify --anchor`)."""
        return audit_trail.anchor(unit.data, self.ring.audit_key)

    def audit_count(self, unit: Unit) -> int:
        """The number of the trail's last entry (not the head's: that may be gone or altered)."""
        return audit_trail.last_seq(unit.data)

    def record_due_at(self, unit: Unit, record_id: str) -> datetime | None:
        found = RECORD_DUE.first(unit.data, {"record": record_id})
        if found is None:
            raise NotFoundError(f"record {record_id} not found")
        due: datetime | None = found[0]
        return due

    def normalise_identifier(self, kind: str, value: str) -> str:
        from waarborg.vault.validate import normalise_identifier

        return normalise_identifier(kind, value)

    def _subject_view(self, unit: Unit, subject_id: str) -> SubjectView:
        return subject_view(unit.data, unit.keys, self.ring, subject_id)

    def visible_to(self, unit: Unit, principal: Principal, subject_id: str) -> bool:
        """Whether the principal may see anything of this subject (not audited: nothing is shown)."""
        if principal.restricted:  # sees every record: no need to decrypt anything to know
            return True
        if principal.linked_by is None:  # activity and status decide, both in clear: nothing to decrypt
            return any(principal.sees(activity, status, None) for activity, status in held_by(unit.data, subject_id))
        return any(principal.sees(r.activity, r.status, r.values) for r in self._subject_view(unit, subject_id).records)

    def get_subject(self, unit: Unit, subject_id: str, *, by: Principal) -> SubjectView:
        """A subject as ``by`` may see it: the role's (or key's) activities, fields and scope only; audited.

        A subject with nothing visible is "not found", so guessing ids reveals nothing.
        """
        view = as_seen_by(self.register, by, self._subject_view(unit, subject_id))
        if not view.records and not by.restricted:
            raise NotFoundError(f"subject {subject_id} not found")
        activities = tuple(sorted({r.activity for r in view.records}))
        shown = tuple(sorted({name for r in view.records for name in (r.values or {})}))
        self.audit(unit, by.actor, SubjectRead(subject_id, activities, shown))
        return view

    # --- erasure ------------------------------------------------------------------------------------

    def identifiers_of(self, unit: Unit, subject_ids: Iterable[str]) -> dict[str, dict[str, str]]:
        """Per subject, its identifiers in clear (the first of each kind): for tasks, mail and answers."""
        wanted = sorted(set(subject_ids))
        ciphers = self.ciphers(unit, wanted)
        found: dict[str, dict[str, str]] = {}
        for chunk in chunks(wanted):
            rows = unit.data.execute(
                select(Identifier.subject_id, Identifier.kind, Identifier.value)
                .where(Identifier.subject_id.in_(chunk))
                .order_by(Identifier.id)
            )
            for subject, kind, value in rows:
                if subject in ciphers and kind not in found.get(subject, {}):
                    found.setdefault(subject, {})[kind] = ciphers[subject].identifier(kind, value)
        return found

    def ciphers(self, unit: Unit, subject_ids: Collection[str]) -> dict[str, SubjectCipher]:
        """These subjects' data keys in use; a subject whose key was destroyed has none."""
        keys = keystore.subject_keys(unit.keys, self.ring, sorted(set(subject_ids)))
        return {subject: SubjectCipher.of(subject, key) for subject, key in keys.items()}

    def remove(self, unit: Unit, subjects: Collection[str], record_ids: Collection[str]) -> removal.Removed:
        """The one removal path (erasure, retention, this class): see :mod:`waarborg.vault.removal`."""
        return removal.remove(self, unit, subjects, record_ids)

    def erase_subject(self, unit: Unit, subject_id: str, *, by: Principal) -> removal.Removed:
        """Erase a person entirely: every record, identifier and event, and the key (crypto-shredding)."""
        self.require_subject(unit, subject_id)
        held = list(unit.data.execute(select(Record.activity, Record.id).where(Record.subject_id == subject_id)))
        for activity in sorted({activity for activity, _id in held}):
            by.require("erase", activity)
        removed = self.remove(unit, [subject_id], [record_id for _activity, record_id in held])
        self.audit(unit, by.actor, SubjectErased(subject_id))
        return removed
