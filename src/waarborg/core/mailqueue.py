"""Mail handed over now and sent by a worker thread, for answers that must not wait on the mail server, nor
show by their timing whether a message went out (the portal's link page).

    queue = MailQueue(mailer.send)
    queue.put(mail)                 # returns at once
    queue.put(mail, deliver=False)  # the same work, nothing sent: for an address that is not known
    queue.close()                   # at shutdown: what was handed over is sent first

A message that fails is tried again three times, a minute apart, then dropped with a log line that names the
mail server's answer, never the recipient. The queue lives in the server's memory: a message still waiting
when the process is killed is lost (the person asks for a new link).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import cast

from waarborg.core.errors import DeliveryError
from waarborg.core.mail import Mail, message

log = logging.getLogger(__name__)
_STOP = object()


class MailQueue:
    def __init__(self, send: Callable[[Mail], None], tries: int = 4, pause: float = 60.0) -> None:
        self._send, self._tries, self._pause = send, tries, pause
        self._waiting: queue.Queue[object] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()

    def put(self, mail: Mail, *, deliver: bool = True) -> None:
        """Hand a message over; with ``deliver`` False it is handled the same way and then dropped."""
        self._start()
        self._waiting.put((mail, deliver))

    def join(self) -> None:
        """Wait until everything handed over so far was sent (or given up)."""
        self._waiting.join()

    def close(self) -> None:
        if self._worker is not None:
            self._waiting.put(_STOP)
            self._stopping.set()
            self._worker.join(timeout=30)

    def _start(self) -> None:
        with self._lock:
            if self._worker is None:
                self._worker = threading.Thread(target=self._run, name="waarborg-mail", daemon=True)
                self._worker.start()

    def _run(self) -> None:
        while True:
            item = self._waiting.get()
            try:
                if item is _STOP:
                    return
                mail, deliver = cast("tuple[Mail, bool]", item)
                if deliver:
                    self._deliver(mail)
                else:  # the same work as a message being written, so that no timing tells the two apart
                    message(mail, "rehearsal@localhost").as_bytes()
            finally:
                self._waiting.task_done()

    def _deliver(self, mail: Mail) -> None:
        for attempt in range(1, self._tries + 1):
            try:
                self._send(mail)
                return
            except DeliveryError as error:
                log.warning("queued mail, try %d of %d: %s", attempt, self._tries, error.message)
            if self._stopping.wait(self._pause if attempt < self._tries else 0):
                break
        log.error("queued mail dropped after %d tries", self._tries)
