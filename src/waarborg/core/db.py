"""Database engines, the declarative base and the transaction the caller owns.

SQLite gets WAL, foreign keys and a busy timeout; PostgreSQL is used as it comes. Services take a
:class:`Session` and never commit: the CLI command, the HTTP request or the import batch does.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, MetaData, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import StaticPool

from waarborg.core.deadline import remaining, too_late
from waarborg.core.errors import InputError
from waarborg.core.files import create_private

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Tables of the main database."""

    metadata = MetaData(naming_convention=NAMING)


class KeyBase(DeclarativeBase):
    """Tables of the key store, kept apart from the data (crypto-shredding)."""

    metadata = MetaData(naming_convention=NAMING)


SUPPORTED = "sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST/NAME"


def check_url(url: str, setting: str, *, exists: bool = False) -> str:
    """A database URL Waarborg can use, before anything connects (and SQLite creates a file). InputError naming
    ``setting`` with what to write instead; with ``exists`` a SQLite file must be there already."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InputError(f"{setting}: not a database URL; give {SUPPORTED}") from None
    driver = parsed.drivername
    if driver in ("postgres", "postgresql", "postgresql+psycopg2"):
        raise InputError(f"{setting}: write postgresql+psycopg://... (the driver Waarborg installs), not {driver}://")
    if driver not in ("sqlite", "postgresql+psycopg"):
        raise InputError(f"{setting}: {driver} is not supported; give {SUPPORTED}")
    if driver == "sqlite" and parsed.database not in (None, "", ":memory:"):
        where = Path(parsed.database)
        if not where.parent.is_dir():
            raise InputError(f"{setting}: the folder {where.parent} does not exist")
        if exists and not where.is_file():
            raise InputError(f"{setting}: {where} does not exist; `waarborg db upgrade` creates it")
    return url


def make_engine(url: str, *, pool: int | None = None, wait: float | None = None, **kwargs: Any) -> Engine:
    """An engine whose errors never show the statement's parameters (values of personal data). ``pool``: the
    connections kept (a server sizes it from its concurrency, see runtime.py); ``wait``: how long a checkout may
    wait for one (default SQLAlchemy's 30 s)."""
    if url not in ("sqlite://", "sqlite:///:memory:"):
        sized = {"pool_size": pool, "max_overflow": 2} if pool is not None else {}
        kwargs = {**sized, **({"pool_timeout": wait} if wait is not None else {}), **kwargs}
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:")
        extra: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": 30}}
        if memory:
            extra["poolclass"] = StaticPool
        engine = create_engine(url, hide_parameters=True, **extra, **kwargs)
        if not memory and engine.url.database:
            create_private(Path(engine.url.database))  # personal data and keys: 0600, like the -wal and -shm
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True, **kwargs)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    connection.isolation_level = None  # we issue BEGIN ourselves (below), not the sqlite3 module
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MB: random keys (uuid ids, blind indexes) touch many pages
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.execute("PRAGMA secure_delete=ON")  # deleted rows (a shredded key) are overwritten, not just freed
    cursor.close()


def checkpoint(engine: Engine) -> bool:
    """Copy a SQLite database's write-ahead log into the file and empty the log (TRUNCATE), so that pages
    which held deleted rows exist nowhere but in their overwritten form. False when readers kept it from
    finishing (it is tried again after the next erasure, and at every close); PostgreSQL: nothing to do."""
    if engine.dialect.name != "sqlite":
        return True
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").scalar()
    return busy == 0


class _Writer:
    """The write turn on one SQLite file: a lock for this process's threads, then an exclusive ``flock`` on
    ``<file>.lock`` for the other processes (workers, the CLI). Both queue in the kernel or the interpreter and
    wake the next waiter at once, where SQLite's own busy handler sleeps and retries (up to 100 ms a turn)."""

    def __init__(self, path: str) -> None:
        self.path = f"{path}.lock"
        self.threads = threading.RLock()
        self.depth = 0
        self.fd, self.pid = -1, 0

    def __enter__(self) -> None:
        left = remaining()
        if not self.threads.acquire(timeout=-1 if left is None else left):
            raise too_late("the database's write turn")
        self.depth += 1
        if self.depth == 1:
            try:
                self._lock_file(remaining())
            except BaseException:
                self.depth -= 1
                self.threads.release()
                raise

    def _lock_file(self, left: float | None) -> None:
        """The other processes' turn: wait in the kernel's queue, or, with a deadline, try until it passes."""
        if left is None:
            fcntl.flock(self._descriptor(), fcntl.LOCK_EX)
            return
        until, pause = time.monotonic() + left, 0.0001
        while True:
            try:
                fcntl.flock(self._descriptor(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= until:
                    raise too_late("the database's write turn") from None
                time.sleep(pause)
                pause = min(pause * 2, 0.001)  # one poller per process: cheap, and the turn is not left idle

    def __exit__(self, *_exc: object) -> None:
        self.depth -= 1
        if self.depth == 0:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        self.threads.release()

    def _descriptor(self) -> int:
        if self.pid != os.getpid():  # a forked child gets its own open file, so its lock is its own
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            self.pid = os.getpid()
        return self.fd


_WRITERS: dict[str, _Writer] = {}
_WRITERS_GUARD = threading.Lock()


def writer_lock(engine: Engine) -> AbstractContextManager[Any]:
    """One writer at a time per SQLite file, queued, held for a whole unit of work (see :class:`_Writer`).

    SQLite lets one transaction write at a time and every unit takes the write lock (BEGIN IMMEDIATE); without
    a queue, a server's threads wait in SQLite's busy handler, and under load a look-up can wait seconds for a
    lock that was free most of that time. PostgreSQL: nothing to hold."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or database in (None, "", ":memory:"):
        return nullcontext()
    path = os.path.realpath(database)
    with _WRITERS_GUARD:
        return _WRITERS.setdefault(path, _Writer(path))


def bound_lock_waits(session: Session) -> None:
    """On PostgreSQL under a deadline: no lock wait, and no statement, runs past it. Both bounds are needed: a
    row lock others wait for too (the audit trail's head) is waited for in two steps, first the row's queue, then
    its holder, and ``lock_timeout`` starts afresh for each, so only ``statement_timeout`` bounds the whole."""
    left = remaining()
    if left is not None and session.get_bind().dialect.name == "postgresql":
        ms = str(max(1, int(left * 1000)))
        session.execute(BOUNDS, {"ms": ms})


BOUNDS = text("SELECT set_config('lock_timeout', :ms, true), set_config('statement_timeout', :ms, true)")
GAVE_UP = ("55P03", "57014")
"""PostgreSQL's lock_timeout and statement_timeout (query canceled)."""


def is_lock_wait(error: OperationalError) -> bool:
    """A wait given up at the deadline: PostgreSQL's lock or statement timeout, SQLite's busy timeout."""
    return getattr(error.orig, "sqlstate", None) in GAVE_UP or "database is locked" in str(error.orig)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, autoflush=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commits when the block ends, rolls back on any exception."""
    with factory() as session, session.begin():
        yield session


def _sqlite_begin_immediate(connection: Any) -> None:
    """Take SQLite's write lock at the start of every transaction.

    A transaction that reads and then writes (intake looks identifiers up, the audit trail reads its head)
    would otherwise fail with "database is locked" when another writer committed in between; with
    BEGIN IMMEDIATE writers queue (busy timeout) and readers in WAL mode are not blocked.
    """
    if connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


T = TypeVar("T")
CHUNK = 500
"""Ids per IN (...) list: far under the bind-parameter limits of SQLite (32766) and psycopg (65535), and short
enough that PostgreSQL's planner looks each id up in the index rather than reading the table (with 5,000 ids it
chose a sequential scan of a million identifiers)."""


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterable[Sequence[T]]:
    """Pieces small enough for one IN (...) list on every database."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
