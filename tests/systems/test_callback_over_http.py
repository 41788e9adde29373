"""The whole round trip over real sockets: Waarborg's server posts the signed message to a local receiver,
the receiver checks it and calls back to the server's callback address, and the request is answered."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from tests.conftest import open_vault
from tests.core.test_mail import free_port
from tests.factories import make_register
from tests.rights.helpers import BY, Post, add_person
from waarborg.rights import fulfil, intake, requests
from waarborg.systems import webhooks
from waarborg.vault.service import Vault
from waarborg.web.app import create_app

SECRET = "another-shared-secret"


class CallingReceiver:
    """Checks each message's signature and, once it has answered 202, calls back signed: done."""

    def __init__(self) -> None:
        self.port = free_port()
        self.checked: list[bool] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                stamp = self.headers["Waarborg-Timestamp"]
                good = "v1=" + hmac.new(SECRET.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
                valid = hmac.compare_digest(good, self.headers["Waarborg-Signature"])
                receiver.checked.append(valid)
                self.send_response(202 if valid else 401)
                self.end_headers()
                if valid:
                    message = json.loads(body)
                    threading.Thread(target=receiver.call_back, args=(message["callback"],)).start()

            def log_message(self, *_args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def call_back(self, url: str) -> None:
        body = json.dumps({"status": "done", "note": "removed from the CRM", "evidence": "crm-log-9"}).encode()
        stamp = int(time.time())
        signature = "v1=" + hmac.new(SECRET.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
        headers = {
            "Content-Type": "application/json",
            "Waarborg-Timestamp": str(stamp),
            "Waarborg-Signature": signature,
        }
        request = urllib.request.Request(url, data=body, method="POST", headers=headers)
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200


@pytest.fixture
def served(db_url: str, master_key: bytes, post: Post, monkeypatch: pytest.MonkeyPatch,
           tmp_path: Path) -> Iterator[tuple[Vault, str, CallingReceiver]]:  # fmt: skip
    receiver = CallingReceiver()
    monkeypatch.setenv("WAARBORG_HOOK_CRM", SECRET)
    monkeypatch.setenv("WAARBORG_SMTP_URL", post.url)

    def crm(data: dict[str, Any]) -> None:
        data["systems"] = {"crm": {"name": "CRM", "owner": "dpo", "reach": "webhook", "webhook": {
            "url": f"http://127.0.0.1:{receiver.port}/", "secret_env": "WAARBORG_HOOK_CRM"}}}  # fmt: skip
        data["activities"]["newsletter"]["systems"] = ["crm"]

    vault = open_vault(make_register(crm).register, db_url, master_key)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(vault), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    yield vault, f"http://127.0.0.1:{port}", receiver
    server.should_exit = True
    thread.join(timeout=10)
    receiver.server.shutdown()
    receiver.server.server_close()
    vault.close()


def test_the_receiver_calls_back_and_the_request_is_answered(
    served: tuple[Vault, str, CallingReceiver], post: Post
) -> None:
    vault, base_url, receiver = served
    email, _ = add_person(vault, ["newsletter"])
    opened = intake.intake(vault, post.send, "erasure", email, base_url=base_url, by=BY, verified="known")
    assert fulfil.fulfil(vault, post.send, opened.request.id, by=BY).request.status == "waiting"
    report = webhooks.deliver_due(vault, datetime.now(UTC), base_url=base_url, by=BY)
    assert report.delivered == 1 and receiver.checked == [True]
    deadline = time.monotonic() + 10
    status = "waiting"
    while status != "fulfilled" and time.monotonic() < deadline:
        time.sleep(0.1)
        with vault.unit() as unit:
            status = requests.show(unit, opened.request.id).status
    assert status == "fulfilled"
    assert "- CRM: gedaan: removed from the CRM" in post.text(email)
