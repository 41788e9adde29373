"""HTTP load benchmark: `waarborg serve` under concurrent keep-alive clients, beside a bare FastAPI endpoint.

    python bench/http.py [--records 100000] [--workers 1,2] [--connections 32,64,128,256] [--duration 15] [--json FILE]
    scripts/with-postgres python bench/http.py --engine postgres [--servers 1,2]

Setup, once per run of the script: a database with ``--records`` people (one ``courses`` record each, from
``random.Random(42)``), made through the real migrations (``waarborg db upgrade``) and filled with the
library's importer; an API key with read access to ``courses`` (``waarborg apikey create --read``).

Then, for every setup (workers x servers), real server processes on 127.0.0.1: ``waarborg serve --workers W``
(one, or two on different ports on the same PostgreSQL database, the load spread over both) and, beside
them, a bare FastAPI app defined in this file (one sync endpoint, one SELECT by primary key on the same
database) under the same uvicorn with the same number of workers and servers. Four endpoints are loaded one
after the other, each at every ``--connections`` level:

* ``intake``: ``POST /api/v1/records`` with a fresh, unique e-mail address per request;
* ``lookup``: ``GET /api/v1/subjects?email=...`` for a random existing person;
* ``read``: ``GET /api/v1/subjects/{id}`` for a random existing person;
* ``bare``: ``GET /bare/{id}``, the floor: routing, one pooled connection, one indexed SELECT, JSON.

The load generator is in this file too: asyncio streams, raw HTTP/1.1 keep-alive, one coroutine per connection
sending its next request when the previous answer is in (closed loop). Per run: req/s, p50/p99/max latency,
2xx, 503 (with or without Retry-After), other 4xx/5xx, timeouts and connection errors, the servers' CPU per
answered request (utime+stime from /proc of every process in their sessions), and the tracebacks their logs
gained. Exit status 1 when a server wrote a traceback or answered a 5xx other than 503 (a fault rather than a
slow figure), or could not be started; 0 otherwise, however slow.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Run as a script, this file's folder comes first on sys.path, and this file (http.py) would hide the standard
# library's ``http`` package from everything imported below.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]

import argparse  # noqa: E402
import asyncio  # noqa: E402
import base64  # noqa: E402
import contextlib  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from dataclasses import asdict, dataclass, field  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from types import FrameType  # noqa: E402
from typing import Any  # noqa: E402

ROOT = HERE.parent
SRC = ROOT / "src"
HOST = "127.0.0.1"
ENDPOINTS = ("bare", "lookup", "read", "intake")
BARE_MODULE = "waarborg_bench_bare"
CLI = "from waarborg.cli.entry import main; main()"
BARE_SERVER = (
    "import sys, uvicorn; uvicorn.run('waarborg_bench_bare:app', factory=True, app_dir=sys.argv[1], host=sys.argv[2],"
    " port=int(sys.argv[3]), workers=int(sys.argv[4]), log_level='info', access_log=False)"
)


def _sibling(name: str) -> Any:
    """A benchmark module of this folder, loaded by its path (the folder is off sys.path: see above)."""
    spec = importlib.util.spec_from_file_location(f"waarborg_bench_{name}", HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


# The data set of vault.py, so that every benchmark names the same people
_VAULT_BENCH = _sibling("vault")
FIRST: list[str] = _VAULT_BENCH.FIRST
LAST: list[str] = _VAULT_BENCH.LAST
COURSES: list[str] = _VAULT_BENCH.COURSES
REGISTER: Path = _VAULT_BENCH.REGISTER
ACTIVITY: str = _VAULT_BENCH.ACTIVITY
SEED: int = _VAULT_BENCH.SEED
email_of: Callable[[int], str] = _VAULT_BENCH.email_of
Progress: Any = _VAULT_BENCH.Progress


class BenchError(Exception):
    """The benchmark could not go on (a server did not start, a setup step failed)."""


# --- the bare endpoint (imported by its uvicorn workers through a small module in the work dir) ------------


def bare_app() -> Any:
    """The floor to compare with: one sync endpoint, one SELECT by primary key, a pooled connection (the
    engine's defaults, as Waarborg's), the same database (``WAARBORG_BENCH_BARE_DB``)."""
    from fastapi import FastAPI, HTTPException
    from sqlalchemy import create_engine, text

    url = os.environ["WAARBORG_BENCH_BARE_DB"]
    options: dict[str, Any] = {}
    if url.startswith("sqlite"):
        options["connect_args"] = {"check_same_thread": False, "timeout": 30}
    engine = create_engine(url, **options)
    query = text("SELECT id FROM subjects WHERE id = :id")
    app = FastAPI()

    @app.get("/bare/{subject_id}")
    def bare(subject_id: str) -> dict[str, str]:
        with engine.connect() as connection:
            found = connection.execute(query, {"id": subject_id}).scalar()
        if found is None:
            raise HTTPException(404)
        return {"subject_id": str(found)}

    return app


BARE_SHIM = """import importlib.util, sys
_spec = importlib.util.spec_from_file_location("waarborg_bench_http", {path!r})
_module = importlib.util.module_from_spec(_spec)
sys.modules["waarborg_bench_http"] = _module
_spec.loader.exec_module(_module)
app = _module.bare_app
"""


# --- setting up the database --------------------------------------------------------------------------------


def write_people(path: Path, people: int) -> None:
    """One ``courses`` row per person, ``user{n}@example.nl``, deterministic."""
    rng = random.Random(SEED)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as handle:
        for n in range(people):
            row = {
                "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "email": email_of(n),
                "course": rng.choice(COURSES),
                "collected_at": (start + timedelta(seconds=n * 20)).isoformat(),
            }
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


@dataclass
class Prepared:
    engine: str
    db_url: str
    env: dict[str, str]
    token: str
    people: int
    subject_ids: list[str]


def cli(env: dict[str, str], *args: str) -> str:
    """Run a `waarborg` command of this tree; its stdout, or BenchError with its stderr."""
    done = subprocess.run(
        [sys.executable, "-c", CLI, *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if done.returncode != 0:
        raise BenchError(f"waarborg {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return done.stdout


def prepare(engine: str, db_url: str, workdir: Path, people: int) -> Prepared:
    from sqlalchemy import create_engine, text

    from waarborg import migrations
    from waarborg.core.config import keystore_url
    from waarborg.register.loader import load_register
    from waarborg.vault.importer import import_file
    from waarborg.vault.service import Vault

    if migrations.current(db_url) is not None:
        raise BenchError("the database already has Waarborg tables: the benchmark needs an empty one")
    master = secrets.token_bytes(32)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH", "")) if p),
        "WAARBORG_DB": db_url,
        "WAARBORG_REGISTER": str(REGISTER),
        "WAARBORG_MASTER_KEY": base64.urlsafe_b64encode(master).decode("ascii"),
        "WAARBORG_KEY_FILE": str(workdir / "waarborg.key"),
        "WAARBORG_SWEEP_AT": "off",
        "WAARBORG_SMTP_URL": f"outbox:{workdir / 'outbox'}",
        "WAARBORG_BENCH_BARE_DB": db_url,
    }
    print(f"setup: waarborg db upgrade on {engine}", flush=True)
    cli(env, "db", "upgrade")

    data = workdir / "people.jsonl"
    print(f"setup: writing {people:,} people to {data}", flush=True)
    write_people(data, people)
    register = load_register(REGISTER).register
    vault = Vault.open(register, db_url, master_key=master, keystore_url=keystore_url(db_url, None))
    try:
        print(f"setup: importing {people:,} records (waarborg.vault.importer.import_file)", flush=True)
        begin = time.perf_counter()
        result = import_file(vault, ACTIVITY, data, progress=Progress("import", people))
        if result.imported != people or result.problems:
            raise BenchError(f"imported {result.imported} of {people}: {result.problems[:3]}")
        print(f"setup: imported in {time.perf_counter() - begin:,.1f} s", flush=True)
    finally:
        vault.close()  # a SQLite vault checkpoints its write-ahead log on close

    token = cli(env, "apikey", "create", "--name", "bench-http", "--activities", ACTIVITY, "--read").strip()
    token = token.splitlines()[-1].strip()
    if not token.startswith("wb_"):
        raise BenchError(f"no API key in the output of `waarborg apikey create`: {token[:20]}...")

    reader = create_engine(db_url)
    try:
        with reader.connect() as connection:
            ids = [str(row[0]) for row in connection.execute(text("SELECT id FROM subjects ORDER BY id"))]
    finally:
        reader.dispose()
    if len(ids) != people:
        raise BenchError(f"{len(ids)} subjects in the database, expected {people}")
    return Prepared(engine, db_url, env, token, people, ids)


# --- server processes ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    kind: str  # "waarborg" or "bare"
    port: int
    workers: int
    log: Path
    process: subprocess.Popen[bytes]
    log_offset: int = 0  # where the current run's part of the log starts
    stopped: bool = False

    @property
    def pid(self) -> int:
        return self.process.pid


def start_server(kind: str, workers: int, prepared: Prepared, workdir: Path, index: int) -> Server:
    port = free_port()
    log = workdir / f"{kind}-w{workers}-{index}-{port}.log"
    if kind == "waarborg":
        command = [sys.executable, "-c", CLI, "serve", "--host", HOST, "--port", str(port), "--workers", str(workers)]
        env = prepared.env
    else:
        command = [sys.executable, "-c", BARE_SERVER, str(workdir), HOST, str(port), str(workers)]
        env = {**prepared.env, "PYTHONPATH": os.pathsep.join([str(workdir), prepared.env["PYTHONPATH"]])}
    with log.open("wb") as handle:
        process = subprocess.Popen(  # its own session: stopped as a group, not hit by the terminal's Ctrl-C
            command, env=env, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
        )
    return Server(kind, port, workers, log, process)


def probe(port: int, timeout: float) -> float | None:
    """Seconds for one answer to a small request (any status), or None when nothing answered in time."""
    begin = time.perf_counter()
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as connection:
            connection.settimeout(timeout)
            connection.sendall(f"GET /api/v1/subjects/x HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode())
            if not connection.recv(64).startswith(b"HTTP/1.1 "):
                return None
    except OSError:
        return None
    return time.perf_counter() - begin


def wait_ready(server: Server, limit: float = 90.0) -> None:
    """Until the server answers and every worker has logged its startup."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            tail = server.log.read_text(errors="replace")[-3000:]
            raise BenchError(
                f"{server.kind} server on port {server.port} exited ({server.process.returncode}):\n{tail}"
            )
        started = server.log.read_text(errors="replace").count("Application startup complete")
        if started >= server.workers and probe(server.port, 2.0) is not None:
            return
        time.sleep(0.2)
    raise BenchError(f"{server.kind} server on port {server.port} did not answer within {limit:.0f} s")


def settle(servers: list[Server], limit: float = 20.0) -> tuple[float, bool]:
    """After a run, wait until every server answers a small request (401; on SQLite it opens a write
    transaction too) within half a second again, so that one run's backlog does not land in the next."""
    begin = time.monotonic()
    settled = True
    for server in servers:
        while True:
            took = probe(server.port, 5.0)
            if took is not None and took < 0.5:
                break
            if time.monotonic() - begin >= limit:
                settled = False
                break
            time.sleep(0.5)
    return time.monotonic() - begin, settled


def stop_server(server: Server) -> None:
    if server.stopped:
        return
    server.stopped = True
    if server.process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=8)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.process.wait(timeout=5)
    with contextlib.suppress(ProcessLookupError, PermissionError):  # workers left behind by a dead supervisor
        os.killpg(server.pid, signal.SIGKILL)


CLOCK_TICK = os.sysconf("SC_CLK_TCK")


def processes_cpu(sessions: set[int], parents: set[int] | frozenset[int] = frozenset()) -> float:
    """CPU seconds (utime+stime) of every live process in these sessions (a server and all its workers), or
    with one of these pids or parent pids (a PostgreSQL postmaster and its backends)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()  # state ppid pgrp session ... utime(11) stime(12)
        if int(fields[3]) in sessions or int(entry.name) in parents or int(fields[1]) in parents:
            total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICK


def postmaster(db_url: str) -> int | None:
    """The pid of the PostgreSQL server of a scripts/with-postgres URL (its socket directory holds ``data``),
    so that the database's CPU can be measured too; None elsewhere."""
    from sqlalchemy.engine import make_url

    host = make_url(db_url).query.get("host")
    if not isinstance(host, str):
        return None
    try:
        return int((Path(host) / "data" / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


TRACEBACK = "Traceback (most recent call last):"
CHAINED = ("The above exception was the direct cause", "During handling of the above exception")
EXCEPTION_LINE = re.compile(r"^([A-Za-z_][\w.]*)(?::\s*(.*))?$")


def tracebacks(text: str) -> Counter[str]:
    """The failures in a log part: one per traceback chain (an exception and the ones it was raised from),
    named by its last exception's type and the start of its message."""
    found: Counter[str] = Counter()
    lines = text.splitlines()
    chained = False
    for index, line in enumerate(lines):
        if line.startswith(CHAINED):
            chained = True
            continue
        if not line.startswith(TRACEBACK):
            continue
        kind = "unknown"
        for after in lines[index + 1 :]:
            if after.startswith((" ", "\t")) or not after.strip():
                continue
            match = EXCEPTION_LINE.match(after)
            if match:
                message = (match.group(2) or "").split(" (Background on this error")[0]
                kind = f"{match.group(1)}: {message[:90]}".rstrip(": ")
            break
        if chained and found:  # the same failure, told once more by the exception raised from the first
            previous = next(reversed(found))
            found[previous] -= 1
            if not found[previous]:
                del found[previous]
        found[kind] += 1
        chained = False
    return found


def new_log_part(server: Server) -> str:
    with server.log.open("rb") as handle:
        handle.seek(server.log_offset)
        part = handle.read()
    server.log_offset += len(part)
    return part.decode(errors="replace")


# --- load generator -----------------------------------------------------------------------------------------


@dataclass
class Outcome:
    started: float
    finished: float
    status: int  # HTTP status; 0 timeout, -1 connection error
    retry_after: bool = False


@dataclass
class Response:
    status: int
    close: bool
    retry_after: bool


async def read_response(reader: asyncio.StreamReader) -> Response:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length: int | None = None
    chunked = close = retry_after = False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
        elif name == b"connection":
            close = b"close" in value.lower()
        elif name == b"retry-after":
            retry_after = True
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length is not None:
        await reader.readexactly(length)
    else:
        await reader.read()
        close = True
    return Response(status, close, retry_after)


RequestMaker = Callable[[], bytes]


def request_maker(endpoint: str, prepared: Prepared, tag: str) -> RequestMaker:
    """Requests for one run: random existing people (seeded), fresh unique addresses for intake."""
    rng = random.Random(f"{SEED}-{tag}")
    auth = f"Authorization: Bearer {prepared.token}\r\n"
    host = f"Host: {HOST}\r\n"
    ids = prepared.subject_ids
    counter = 0

    def intake() -> bytes:
        nonlocal counter
        counter += 1
        body = json.dumps(
            {
                "activity": ACTIVITY,
                "data": {
                    "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    "email": f"new-{tag}-{counter}@example.org",
                    "course": rng.choice(COURSES),
                },
            }
        ).encode()
        head = (
            f"POST /api/v1/records HTTP/1.1\r\n{host}{auth}Content-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        return head.encode() + body

    def lookup() -> bytes:
        email = email_of(rng.randrange(prepared.people)).replace("@", "%40")
        return f"GET /api/v1/subjects?email={email} HTTP/1.1\r\n{host}{auth}\r\n".encode()

    def read() -> bytes:
        return f"GET /api/v1/subjects/{rng.choice(ids)} HTTP/1.1\r\n{host}{auth}\r\n".encode()

    def bare() -> bytes:
        return f"GET /bare/{rng.choice(ids)} HTTP/1.1\r\n{host}\r\n".encode()

    makers: dict[str, RequestMaker] = {"intake": intake, "lookup": lookup, "read": read, "bare": bare}
    return makers[endpoint]


@dataclass
class Window:
    warm_from: float
    start: float
    end: float


async def connection_loop(
    port: int, make: RequestMaker, window: Window, timeout: float, outcomes: list[Outcome]
) -> None:
    """One keep-alive connection, closed loop, until the window ends; every request's outcome is kept."""
    loop = asyncio.get_running_loop()
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    try:
        while (begin := loop.time()) < window.end:
            status, retry_after = -1, False
            try:
                async with asyncio.timeout(timeout):
                    if writer is None:
                        reader, writer = await asyncio.open_connection(HOST, port)
                    assert reader is not None
                    writer.write(make())
                    answer = await read_response(reader)
                status, retry_after = answer.status, answer.retry_after
                if answer.close:
                    writer.close()
                    writer = None
            except TimeoutError:
                status = 0
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, IndexError):
                status = -1
            finished = loop.time()
            if status <= 0 and writer is not None:
                writer.close()
                writer = None
            outcomes.append(Outcome(begin, finished, status, retry_after))
            if status == -1:  # refused or reset: do not spin
                await asyncio.sleep(min(0.1, max(0.0, window.end - loop.time())))
    finally:
        if writer is not None:
            writer.close()


@dataclass
class Run:
    engine: str
    workers: int
    servers: int
    endpoint: str
    connections: int
    duration: float
    answered_in_window: int = 0
    waiting_at_end: int = 0  # requests in flight when the window closed (followed to their end)
    rate: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    ok_2xx: int = 0
    s503: int = 0
    s503_retry_after: int = 0
    other_4xx: int = 0
    other_5xx: int = 0
    timeouts: int = 0
    connection_errors: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    server_cpu_s: float = 0.0
    cpu_ms_per_request: float | None = None  # None: nothing answered
    client_cpu_s: float = 0.0
    database_cpu_s: float | None = None
    database_cpu_ms_per_request: float | None = None
    tracebacks: dict[str, int] = field(default_factory=dict)
    settle_s: float = 0.0
    settled: bool = True
    ratio_to_bare: float | None = None  # None: no bare run to compare with, or Waarborg answered nothing
    bare_rate: float | None = None

    @property
    def errors(self) -> int:
        return self.other_4xx + self.other_5xx + self.timeouts + self.connection_errors


async def load(
    servers: list[Server],
    make: RequestMaker,
    connections: int,
    warmup: float,
    duration: float,
    timeout: float,
    label: str,
    database_pid: int | None,
) -> tuple[list[Outcome], Window, Cpu]:
    """Run the load; the outcome of every request, the window, and the CPU seconds spent in the window."""
    loop = asyncio.get_running_loop()
    now = loop.time()
    window = Window(now, now + warmup, now + warmup + duration)
    outcomes: list[Outcome] = []
    sessions = {server.pid for server in servers}
    database = {database_pid} if database_pid else set()
    tasks = [
        asyncio.create_task(connection_loop(servers[i % len(servers)].port, make, window, timeout, outcomes))
        for i in range(connections)
    ]
    await asyncio.sleep(max(0.0, window.start - loop.time()))
    cpu_before, client_before = processes_cpu(sessions), time.process_time()
    db_before = processes_cpu(set(), database) if database else 0.0
    last_report, last_count = loop.time(), 0
    while (moment := loop.time()) < window.end:
        await asyncio.sleep(min(1.0, window.end - moment))
        if loop.time() - last_report >= 10.0:
            count = sum(1 for o in outcomes if o.finished >= window.start)
            bad = sum(1 for o in outcomes if o.status <= 0 and o.finished >= window.start)
            print(
                f"    {label}: {loop.time() - window.start:4.0f} s, {count:,} requests ended, "
                f"{(count - last_count) / (loop.time() - last_report):,.0f}/s lately, {bad} timeouts or errors",
                flush=True,
            )
            last_report, last_count = loop.time(), count
    cpu_after, client_after = processes_cpu(sessions), time.process_time()
    db_cpu = processes_cpu(set(), database) - db_before if database else None
    await asyncio.gather(*tasks)  # requests in flight end by their timeout at the latest
    return outcomes, window, Cpu(cpu_after - cpu_before, client_after - client_before, db_cpu)


@dataclass
class Cpu:
    server: float  # the servers' processes
    client: float  # this process (the load generator)
    database: float | None  # the PostgreSQL server's processes, when found


def quantile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def summarise(run: Run, every: list[Outcome], window: Window, cpu: Cpu) -> None:
    """Throughput and CPU per request: answers that came in during the window (when the CPU was measured).
    Counts and latencies: requests that ended in the window, and those still waiting at its end, followed to
    their end (answer or timeout) so that a stalled server shows as timeouts rather than as nothing."""
    in_window = sum(1 for o in every if o.status > 0 and window.start <= o.finished <= window.end)
    ended = [o for o in every if window.start <= o.finished <= window.end]
    waiting = [o for o in every if o.started < window.end < o.finished]
    outcomes = ended + waiting
    answered = [o for o in outcomes if o.status > 0]
    run.answered_in_window = in_window
    run.waiting_at_end = len(waiting)
    run.rate = in_window / run.duration
    latencies = sorted((o.finished - o.started) * 1000 for o in answered)
    run.p50_ms, run.p99_ms = quantile(latencies, 0.50), quantile(latencies, 0.99)
    run.max_ms = max((o.finished - o.started) * 1000 for o in outcomes) if outcomes else 0.0
    statuses = Counter(o.status for o in outcomes)
    run.statuses = {str(k): v for k, v in sorted(statuses.items())}
    run.ok_2xx = sum(v for k, v in statuses.items() if 200 <= k < 300)
    run.s503 = statuses.get(503, 0)
    run.s503_retry_after = sum(1 for o in outcomes if o.status == 503 and o.retry_after)
    run.other_4xx = sum(v for k, v in statuses.items() if 400 <= k < 500)
    run.other_5xx = sum(v for k, v in statuses.items() if 500 <= k < 600 and k != 503)
    run.other_4xx += sum(v for k, v in statuses.items() if 300 <= k < 400 or k >= 600)  # unexpected anyway
    run.timeouts = statuses.get(0, 0)
    run.connection_errors = statuses.get(-1, 0)
    run.server_cpu_s, run.client_cpu_s, run.database_cpu_s = cpu.server, cpu.client, cpu.database
    run.cpu_ms_per_request = cpu.server * 1000 / in_window if in_window else None
    if cpu.database is not None and in_window:
        run.database_cpu_ms_per_request = cpu.database * 1000 / in_window


# --- orchestration ------------------------------------------------------------------------------------------


@dataclass
class Options:
    engine: str
    records: int
    workers: list[int]
    servers: list[int]
    connections: list[int]
    endpoints: list[str]
    duration: float
    warmup: float
    timeout: float


def run_setup(
    prepared: Prepared,
    workers: int,
    count: int,
    options: Options,
    workdir: Path,
    tag: str,
    started: list[Server],
    runs: list[Run],
) -> None:
    """Start ``count`` Waarborg and ``count`` bare servers with ``workers`` workers each, load every endpoint;
    the runs are added to ``runs`` as they finish (an interrupted benchmark still reports them)."""
    print(f"\n{prepared.engine}, {count} server(s) x {workers} worker(s): starting", flush=True)
    fleets: dict[str, list[Server]] = {}

    def start_fleet(kind: str) -> None:
        fleets[kind] = [start_server(kind, workers, prepared, workdir, index) for index in range(count)]
        started.extend(fleets[kind])

    start_fleet("waarborg")
    start_fleet("bare")
    for server in (*fleets["waarborg"], *fleets["bare"]):
        wait_ready(server)
        server.log_offset = server.log.stat().st_size
    database = postmaster(prepared.db_url) if prepared.engine == "postgres" else None
    print(f"  ready: waarborg on {[s.port for s in fleets['waarborg']]}, bare on {[s.port for s in fleets['bare']]}")
    try:
        for endpoint in options.endpoints:
            kind = "bare" if endpoint == "bare" else "waarborg"
            for connections in options.connections:
                fleet = fleets[kind]
                run = Run(prepared.engine, workers, count, endpoint, connections, options.duration)
                label = f"{endpoint}, {connections} connections"
                print(f"  {label}: {options.warmup:g} s warm-up, {options.duration:g} s measured", flush=True)
                make = request_maker(endpoint, prepared, f"{tag}-{endpoint}-{connections}")
                outcomes, window, cpu = asyncio.run(
                    load(fleet, make, connections, options.warmup, options.duration, options.timeout, label, database)
                )
                summarise(run, outcomes, window, cpu)
                run.settle_s, run.settled = settle(fleet)
                found: Counter[str] = Counter()
                for server in fleet:
                    found.update(tracebacks(new_log_part(server)))
                run.tracebacks = dict(found)
                runs.append(run)
                print(f"  {label}: {run_line(run)}", flush=True)
                if not run.settled:  # a stalled server would spoil the next runs: start afresh
                    print(f"  restarting the {kind} server(s)", flush=True)
                    for server in fleet:
                        stop_server(server)
                    start_fleet(kind)
                    for server in fleets[kind]:
                        wait_ready(server)
                        server.log_offset = server.log.stat().st_size
    finally:
        for server in (*fleets["waarborg"], *fleets["bare"]):
            stop_server(server)


def run_line(run: Run) -> str:
    """One run in a progress line."""
    client = f"{run.client_cpu_s * 1000 / run.answered_in_window:.2f}" if run.answered_in_window else "-"
    cpu = [f"servers {cpu_text(run)}", f"this client {client}"]
    if run.database_cpu_ms_per_request is not None:
        cpu.append(f"PostgreSQL {run.database_cpu_ms_per_request:.2f}")
    traces = sum(run.tracebacks.values())
    line = (
        f"{run.rate:,.0f} req/s, p50 {run.p50_ms:.1f} ms, p99 {run.p99_ms:.1f} ms, max {run.max_ms:.0f} ms, "
        f"2xx {run.ok_2xx:,}, 503 {run.s503} ({run.s503_retry_after} with Retry-After), 4xx {run.other_4xx}, "
        f"5xx {run.other_5xx}, timeouts {run.timeouts}, connection errors {run.connection_errors}; "
        f"CPU ms/req: {', '.join(cpu)}; tracebacks in the logs {traces}" + (f" {run.tracebacks}" if traces else "")
    )
    if run.settle_s >= 1:
        line += f"; settled after {run.settle_s:.0f} s"
    if not run.settled:
        line += " (NOT settled: restarted for the next run)"
    return line


def cpu_text(run: Run) -> str:
    return "-" if run.cpu_ms_per_request is None else f"{run.cpu_ms_per_request:.2f}"


def add_ratios(runs: list[Run]) -> None:
    bare = {(r.engine, r.workers, r.servers, r.connections): r for r in runs if r.endpoint == "bare"}
    for run in runs:
        floor = bare.get((run.engine, run.workers, run.servers, run.connections))
        if floor is not None:
            run.bare_rate = floor.rate
            run.ratio_to_bare = floor.rate / run.rate if run.rate > 0 else None


def table(runs: list[Run]) -> list[str]:
    header = (
        "engine | workers | servers | endpoint | connections | req/s | p50 ms | p99 ms | CPU ms/req | 503 | errors "
        "| ratio to bare"
    )
    lines = ["| " + header + " |", "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in runs:
        ratio = "-" if r.bare_rate is None else "inf" if r.ratio_to_bare is None else f"{r.ratio_to_bare:.1f}x"
        lines.append(
            f"| {r.engine} | {r.workers} | {r.servers} | {r.endpoint} | {r.connections} | {r.rate:,.0f} | "
            f"{r.p50_ms:.1f} | {r.p99_ms:.1f} | {cpu_text(r)} | {r.s503} | {r.errors} | {ratio} |"
        )
    return lines


def detail_table(runs: list[Run]) -> list[str]:
    lines = [
        "| engine | workers | servers | endpoint | connections | max ms | 2xx | 503 (Retry-After) | other 4xx | 5xx "
        "| timeouts | conn. errors | client CPU ms/req | DB CPU ms/req | tracebacks |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in runs:
        traces = ", ".join(f"{k} ({v})" for k, v in sorted(r.tracebacks.items())) or "0"
        client = f"{r.client_cpu_s * 1000 / r.answered_in_window:.2f}" if r.answered_in_window else "-"
        database = "-" if r.database_cpu_ms_per_request is None else f"{r.database_cpu_ms_per_request:.2f}"
        lines.append(
            f"| {r.engine} | {r.workers} | {r.servers} | {r.endpoint} | {r.connections} | {r.max_ms:,.0f} | "
            f"{r.ok_2xx:,} | {r.s503} ({r.s503_retry_after}) | {r.other_4xx} | {r.other_5xx} | {r.timeouts} | "
            f"{r.connection_errors} | {client} | {database} | {traces} |"
        )
    return lines


def int_list(text: str) -> list[int]:
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of numbers: {text!r}") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"give numbers of at least 1: {text!r}")
    return values


def endpoint_list(text: str) -> list[str]:
    values = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [v for v in values if v not in ENDPOINTS]
    if unknown or not values:
        raise argparse.ArgumentTypeError(f"endpoints are {', '.join(ENDPOINTS)}; not {unknown}")
    return values


def parse(argv: list[str] | None) -> tuple[argparse.Namespace, Options]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--engine", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--db-url", help="PostgreSQL URL of an empty database (default: $WAARBORG_TEST_DB)")
    parser.add_argument("--records", type=int, default=100_000, help="people in the vault (default 100,000)")
    parser.add_argument("--workers", type=int_list, default=[1, 2], help="uvicorn workers, a list (default 1,2)")
    parser.add_argument(
        "--servers", type=int_list, help="servers side by side, a list; PostgreSQL only (default 1,2 there, else 1)"
    )
    parser.add_argument("--connections", type=int_list, default=[32, 64, 128, 256],
                        help="concurrent connections, a list (default 32,64,128,256)")  # fmt: skip
    parser.add_argument("--endpoints", type=endpoint_list, default=list(ENDPOINTS), help=",".join(ENDPOINTS))
    parser.add_argument("--duration", type=float, default=15.0, help="measured seconds per run (default 15)")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds before each run (default 2)")
    parser.add_argument("--timeout", type=float, default=10.0, help="per-request timeout, s (default 10)")
    parser.add_argument("--json", type=Path, help="also write the runs to this JSON file")
    parser.add_argument("--workdir", type=Path, help="directory for the data, databases and logs (default temp)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs, SQLite files)")
    args = parser.parse_args(argv)
    if args.records < 100:
        parser.error("--records must be at least 100")
    servers = args.servers or ([1, 2] if args.engine == "postgres" else [1])
    if args.engine == "sqlite" and servers != [1]:
        parser.error("--servers: two servers on one SQLite file is not a deployment Waarborg supports here")
    if args.engine == "postgres":
        args.db_url = args.db_url or os.environ.get("WAARBORG_TEST_DB")
        if not args.db_url:
            parser.error("--engine postgres needs --db-url or WAARBORG_TEST_DB (scripts/with-postgres sets it)")
    elif args.db_url:
        parser.error("--db-url is for --engine postgres; SQLite gets a fresh file in the work directory")
    options = Options(
        args.engine,
        args.records,
        args.workers,
        servers,
        args.connections,
        args.endpoints,
        args.duration,
        args.warmup,
        args.timeout,
    )
    return args, options


def stop_on_term(_signal: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def work_directory(given: Path | None, keep: bool) -> Iterator[Path]:
    workdir = given or Path(tempfile.mkdtemp(prefix="waarborg-bench-http-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        yield workdir
    finally:
        if keep or given is not None:
            print(f"kept {workdir}", flush=True)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    args, options = parse(argv)
    signal.signal(signal.SIGTERM, stop_on_term)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # also when started in the background
    sys.path.insert(0, str(SRC))  # the library of this tree, for the setup
    begun = time.perf_counter()
    started: list[Server] = []
    runs: list[Run] = []
    status = 0
    with work_directory(args.workdir, args.keep) as workdir:
        try:
            (workdir / BARE_MODULE).with_suffix(".py").write_text(
                BARE_SHIM.format(path=str(Path(__file__).resolve())), encoding="utf-8"
            )
            db_url = args.db_url or f"sqlite:///{workdir / 'waarborg.db'}"
            prepared = prepare(options.engine, db_url, workdir, options.records)
            setups = [(w, s) for s in options.servers for w in options.workers]
            for index, (workers, count) in enumerate(setups):
                run_setup(prepared, workers, count, options, workdir, f"{os.getpid()}-{index}", started, runs)
        except BenchError as error:
            print(f"FAIL: {error}", file=sys.stderr, flush=True)
            status = 1
        except KeyboardInterrupt:
            print("interrupted: stopping the servers", file=sys.stderr, flush=True)
            status = 130
        finally:
            for server in started:
                stop_server(server)
        if runs:
            add_ratios(runs)
            report(runs, options, args, time.perf_counter() - begun)
            faults = [r for r in runs if r.tracebacks or r.other_5xx]
            if faults and status == 0:
                print(
                    f"FAIL: {len(faults)} run(s) with server tracebacks or 5xx answers other than 503", file=sys.stderr
                )
                status = 1
    return status


def report(runs: list[Run], options: Options, args: argparse.Namespace, seconds: float) -> None:
    import sqlalchemy

    print()
    print(
        f"{options.records:,} people, {options.engine}, {options.duration:g} s per run after {options.warmup:g} s "
        f"warm-up, timeout {options.timeout:g} s; {os.cpu_count()} CPUs, load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; Python {sys.version.split()[0]}, "
        f"SQLAlchemy {sqlalchemy.__version__}; total {seconds:,.0f} s"
    )
    print("ratio to bare: bare req/s / Waarborg req/s at the same workers, servers and connections (lower is better)")
    print("errors: timeouts + connection errors + 4xx + 5xx other than 503; CPU: the servers' processes only")
    print()
    print("\n".join(table(runs)))
    print()
    print("\n".join(detail_table(runs)))
    if args.json:
        document = {
            "settings": {
                **asdict(options),
                "finished": datetime.now(UTC).isoformat(timespec="seconds"),
                "seconds": round(seconds),
                "cpus": os.cpu_count(),
                "load_average": os.getloadavg(),
                "python": sys.version.split()[0],
                "sqlalchemy": sqlalchemy.__version__,
            },
            "runs": [{**asdict(r), "errors": r.errors} for r in runs],
        }
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    raise SystemExit(main())
