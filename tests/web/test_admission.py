"""Admission: at most N requests at once, a bounded queue, 503 with Retry-After past it or past the deadline, and
the deadline carried into the work (its waits give up with BusyError, rolled back, 503)."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import httpx2 as httpx
import pytest
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from waarborg.core.db import writer_lock
from waarborg.core.deadline import deadline_in, remaining
from waarborg.core.errors import BusyError
from waarborg.vault.service import Vault
from waarborg.web.admission import Admission


def _app(slots: int, deadline: float, queue: int | None, hold: float) -> Admission:
    async def slow(_request: Request) -> JSONResponse:
        left = await run_in_threadpool(remaining)  # what a worker thread sees
        await asyncio.sleep(hold)
        return JSONResponse({"left": left})

    async def static(_request: Request) -> JSONResponse:
        return JSONResponse({})

    inner = Starlette(routes=[Route("/api/v1/slow", slow), Route("/static/x.js", static), Route("/portal", slow)])
    return Admission(inner, slots=slots, deadline=deadline, queue=queue)


async def _many(app: Admission, paths: list[str]) -> list[tuple[int, str | None, float, Any]]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:

        async def one(path: str) -> tuple[int, str | None, float, Any]:
            began = time.monotonic()
            got = await client.get(path)
            return got.status_code, got.headers.get("retry-after"), time.monotonic() - began, got.json()

        return list(await asyncio.gather(*(one(p) for p in paths)))


def test_past_the_queue_the_answer_is_503_at_once() -> None:
    answers = asyncio.run(_many(_app(slots=1, deadline=5.0, queue=1, hold=0.3), ["/api/v1/slow"] * 4))
    statuses = sorted(status for status, *_ in answers)
    assert statuses == [200, 200, 503, 503], "one at work, one waiting, the rest told at once"
    busy = [a for a in answers if a[0] == 503]
    assert all(after == "1" and seconds < 0.2 for _, after, seconds, _ in busy), busy
    assert busy[0][3]["error"] == "busy"


def test_a_page_says_busy_in_both_languages() -> None:
    async def two() -> httpx.Response:
        transport = httpx.ASGITransport(app=_app(slots=1, deadline=5.0, queue=0, hold=0.3))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            _first, second = await asyncio.gather(client.get("/portal"), client.get("/portal"))
            return second if second.status_code == 503 else _first

    page = asyncio.run(two())
    assert page.status_code == 503 and page.headers["retry-after"] == "1"
    assert "te druk" in page.text and "too busy" in page.text and 'lang="nl"' in page.text


def test_a_wait_longer_than_the_deadline_is_503() -> None:
    answers = asyncio.run(_many(_app(slots=1, deadline=0.3, queue=10, hold=1.0), ["/api/v1/slow"] * 3))
    assert sorted(status for status, *_ in answers) == [200, 503, 503]
    assert max(seconds for status, _, seconds, _ in answers if status == 503) < 0.6


def test_the_deadline_reaches_the_worker_thread_and_static_files_need_no_slot() -> None:
    answers = asyncio.run(_many(_app(slots=1, deadline=2.0, queue=0, hold=0.2), ["/api/v1/slow", "/static/x.js"]))
    (work, _, _, body), (static, *_) = answers
    assert work == 200 and 1.5 < body["left"] <= 2.0
    assert static == 200, "a static file is served though the one slot is taken and nothing may wait"


def test_a_unit_that_cannot_get_the_write_turn_in_time_gives_up_and_writes_nothing(vault: Vault) -> None:
    if vault.data_engine.dialect.name != "sqlite":
        pytest.skip("the write turn is SQLite's; PostgreSQL's lock bounds are tested in tests/faults/test_no_stall.py")
    taken, release = threading.Event(), threading.Event()

    def holder() -> None:
        with writer_lock(vault.data_engine):
            taken.set()
            release.wait(10)

    thread = threading.Thread(target=holder)
    thread.start()
    taken.wait(5)
    began = time.monotonic()
    try:
        with deadline_in(0.3), pytest.raises(BusyError, match="try again"), vault.unit() as unit:
            vault.add_record(unit, "newsletter", {"email": "te.laat@example.nl"}, by=_by())
    finally:
        release.set()
        thread.join()
    assert time.monotonic() - began < 1.0
    with vault.unit() as unit:
        assert vault.find_subject(unit, "email", "te.laat@example.nl", by=_by()) is None, "nothing was written"


def _by() -> Any:
    from waarborg.access.policy import operator

    return operator("test")


def test_the_pools_are_sized_and_bounded_from_the_server_settings(tmp_path: Any) -> None:
    """One connection per slot and two for the background jobs; a checkout waits at most the deadline."""
    import base64
    import secrets

    from tests.factories import make_register
    from waarborg.runtime import Runtime

    key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    running = Runtime.from_environment(db=f"sqlite:///{tmp_path / 'w.db'}", master_key=key, concurrency=3,
                                       deadline=1.5)  # fmt: skip
    with running.open_vault(make_register().register) as vault:
        pool: Any = vault.data_engine.pool
        assert (pool.size(), pool.timeout()) == (5, 1.5)
