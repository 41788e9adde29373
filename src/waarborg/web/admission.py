"""Admission: how many requests a server process works on at once, how many may wait, and for how long.

    app.add_middleware(Admission, slots=8, deadline=2.5)

At most ``slots`` requests are worked on at once (``WAARBORG_CONCURRENCY``; the connection pools and the worker
threads are sized from the same number, see runtime.py), so a request never waits for a thread or a connection
that another one holds. The rest wait here, as coroutines, in a queue of at most ``slots × 32``; a request that
finds the queue full, or waits longer than the deadline (``WAARBORG_DEADLINE``), is answered at once with 503 and
``Retry-After``: nothing was done, come back in a second. An admitted request carries what is left of its deadline
into its work (core/deadline.py): the waits in there (the SQLite writer's turn, a PostgreSQL row lock) give up
when it passes, roll back and answer 503 the same way. A burst of visitors, a crawler or a retrying client gets
answers, fast ones or "busy", and never stalls the server for the next.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from waarborg.core.deadline import deadline_in

QUEUE_PER_SLOT = 128
"""Waiting requests per slot: at a few milliseconds a request, a full queue clears well within the deadline."""
FREE = ("/static/",)
"""Paths served without the database: no slot needed."""
RETRY_AFTER = 1
BUSY_TEXT = {
    "nl": "De server is even te druk. Er is niets opgeslagen of veranderd; probeer het over een paar seconden opnieuw.",
    "en": "The server is too busy for a moment. Nothing was stored or changed; please try again in a few seconds.",
}


class Admission:
    def __init__(self, app: ASGIApp, *, slots: int, deadline: float, queue: int | None = None) -> None:
        self.app, self.slots, self.deadline = app, slots, deadline
        self.queue = slots * QUEUE_PER_SLOT if queue is None else queue
        self.waiting = 0
        self._slots: asyncio.Semaphore | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(FREE):
            await self.app(scope, receive, send)
            return
        began = time.monotonic()
        if not await self._admitted():
            await busy(scope, send)
            return
        try:
            with deadline_in(self.deadline - (time.monotonic() - began)):
                await self.app(scope, receive, send)
        finally:
            self.free.release()

    @property
    def free(self) -> asyncio.Semaphore:
        if self._slots is None:  # made on first use, inside the server's event loop
            self._slots = asyncio.Semaphore(self.slots)
        return self._slots

    async def _admitted(self) -> bool:
        """A slot, at once or after a wait in the queue; False when the queue is full or the wait too long."""
        if not self.free.locked():
            await self.free.acquire()
            return True
        if self.waiting >= self.queue:
            return False
        self.waiting += 1
        try:
            async with asyncio.timeout(self.deadline):
                await self.free.acquire()
            return True
        except TimeoutError:
            return False
        finally:
            self.waiting -= 1


async def busy(scope: Scope, send: Send) -> None:
    """503 with Retry-After, without reading the body: JSON for the API, a short page in both languages else."""
    if scope["path"].startswith("/api/"):
        body = json.dumps({"error": "busy", "detail": BUSY_TEXT["en"]}).encode()
        kind = b"application/json"
    else:
        body = (f'<!doctype html><html lang="nl"><meta charset="utf-8"><title>Even geduld</title>'
                f'<p>{BUSY_TEXT["nl"]}</p><p lang="en">{BUSY_TEXT["en"]}</p></html>').encode()  # fmt: skip
        kind = b"text/html; charset=utf-8"
    headers: list[Any] = [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                          (b"retry-after", str(RETRY_AFTER).encode())]  # fmt: skip
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": body})
