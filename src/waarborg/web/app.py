"""The FastAPI application. It keeps no state of its own: every process opens the same database."""

from __future__ import annotations

import gc
import os
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, time
from functools import partial
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI

from waarborg.retention.schedule import DailySweeper, parse_at
from waarborg.runtime import Runtime
from waarborg.vault.service import Vault
from waarborg.web import (
    api,
    consent_api,
    cookie_api,
    errors,
    office,
    office_audit,
    office_breaches,
    office_discovery,
    office_requests,
    portal,
    redact_api,
    requests_api,
    tasks_api,
    unsubscribe,
)
from waarborg.web.admission import Admission
from waarborg.web.limits import BodyLimit

DEFAULT_MAX_BODY = 1_000_000


def create_app(
    vault: Vault | None = None,
    *,
    max_body_bytes: int = DEFAULT_MAX_BODY,
    sweep_at: time | None = None,
    deliver: bool = False,
    register_path: Path | None = None,
    demo: dict[str, Any] | None = None,
    runtime: Runtime | None = None,
) -> FastAPI:
    """The app for a vault; without one, the vault is opened from the runtime at startup. The runtime (mail,
    public address, settings) is built from the environment when not given. With ``sweep_at`` the retention
    sweep runs daily at that Amsterdam time (one server per day, see schedule); with ``deliver`` the webhook
    tasks that are due are posted every minute."""
    running = runtime or Runtime.from_environment()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        threads = anyio.to_thread.current_default_thread_limiter()
        threads.total_tokens = max(threads.total_tokens, 2 * running.settings.concurrency + 8)  # never the limit
        opened = None
        if vault is None:
            opened = open_from_environment(running)
            app.state.vault = opened
        deliverer = _deliverer(running, app.state.vault) if deliver else None
        sweeper = None
        if sweep_at is not None:
            holder = f"{socket.gethostname()}:{os.getpid()}"
            notify = partial(send_notices, running)
            sweeper = DailySweeper(app.state.vault, sweep_at, holder, also=[notify])
            sweeper.start()
        gc.collect()
        gc.freeze()  # what start-up built lives as long as the process: full collections need not walk it again
        yield
        if "later" in vars(running):  # the mail queue was used: send what is waiting
            running.later.close()
        if deliverer is not None:
            deliverer.stop()
        if sweeper is not None:
            sweeper.stop()
        if opened is not None:
            opened.close()

    app = FastAPI(
        title="Waarborg",
        version="0.1.0",
        lifespan=lifespan,
        description="Purpose-tagged, encrypted storage of personal data, as the register allows.",
    )
    if vault is not None:
        app.state.vault = vault
    app.state.runtime = running
    app.state.max_body_bytes = max_body_bytes
    app.state.register_path = register_path  # the office shows the lint findings of this file
    app.state.demo = demo  # the landing page lists the demo's sign-ins
    errors.install(app)
    app.include_router(api.router)
    app.include_router(consent_api.router)
    app.include_router(unsubscribe.router)
    app.include_router(cookie_api.router)
    app.include_router(requests_api.router)
    app.include_router(tasks_api.router)
    app.include_router(portal.router)
    app.include_router(office.router)
    app.include_router(office_requests.router)
    app.include_router(office_breaches.router)
    app.include_router(office_audit.router)
    app.include_router(office_discovery.router)
    app.include_router(redact_api.router)
    app.add_middleware(cookie_api.CookieCors)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    settings = running.settings
    app.add_middleware(Admission, slots=settings.concurrency, deadline=settings.deadline)  # outermost: first
    return app


def _deliverer(running: Runtime, vault: Vault) -> Any:
    from waarborg.systems.webhooks import Deliverer, mail_alert

    alert = mail_alert(vault.register, running.send)
    deliverer = Deliverer(vault, running.public_url, alert)
    deliverer.start()
    return deliverer


def send_notices(running: Runtime, vault: Vault, at: datetime) -> None:
    """The daily job after the sweep: Art 14 notices that are due, through the configured mail server."""
    from waarborg.access.policy import operator
    from waarborg.consent import notices

    notices.send_due(vault, running.mailer, at, base_url=running.public_url, by=operator("scheduler:notices"))


def open_from_environment(running: Runtime) -> Vault:
    """WAARBORG_DB, WAARBORG_REGISTER, WAARBORG_MASTER_KEY (or the key file), as the CLI uses them."""
    from pathlib import Path

    from waarborg.access import users
    from waarborg.access.policy import operator
    from waarborg.core.errors import InputError
    from waarborg.register.loader import load_register

    register_file = os.environ.get("WAARBORG_REGISTER")
    if not register_file:
        raise InputError("WAARBORG_REGISTER is not set: the server needs a register")
    vault = running.open_vault(load_register(Path(register_file)).register)
    with vault.unit() as unit:
        vault.note_register(unit, operator("server"))
        users.seal_plain_secrets(unit.data, vault.staff_secrets)  # left in the clear by an older version
    return vault


def app_from_environment() -> FastAPI:
    """The uvicorn factory (`waarborg serve`)."""
    import json

    running = Runtime.from_environment()
    settings = running.settings
    register = os.environ.get("WAARBORG_REGISTER")
    demo_file = os.environ.get("WAARBORG_DEMO")
    demo = json.loads(Path(demo_file).read_text(encoding="utf-8")) if demo_file and Path(demo_file).is_file() else None
    return create_app(max_body_bytes=settings.max_body_bytes, sweep_at=parse_at(settings.sweep_at), deliver=True,
                      register_path=Path(register) if register else None, demo=demo, runtime=running)  # fmt: skip
