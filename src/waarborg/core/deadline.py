"""How long the work in hand may still wait: a deadline per request, carried in a context variable.

    with deadline_in(4.0):          # the server's admission, when a request starts
        ...                         # worker threads see it too (the thread pool copies the context)
    left = remaining()              # None: no deadline (the command line, the sweep)

The waits that could hold a request up (the SQLite writer's turn, a lock or a statement on PostgreSQL) take
their timeout from it and give up with :class:`BusyError` instead of waiting past it: the unit rolls back, nothing
is left locked, and the client is told to come back (503, Retry-After). A pooled connection is waited for at most
the server's whole deadline (see runtime.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from waarborg.core.errors import BusyError

_DEADLINE: ContextVar[float | None] = ContextVar("waarborg_deadline", default=None)


@contextmanager
def deadline_in(seconds: float | None) -> Iterator[None]:
    token = _DEADLINE.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def remaining() -> float | None:
    """Seconds left before the deadline (0 when it has passed), or None when there is none."""
    at = _DEADLINE.get()
    return None if at is None else max(0.0, at - time.monotonic())


def too_late(what: str) -> BusyError:
    return BusyError(f"{what}: busy, and the time to wait for it ran out; nothing was done, try again")
