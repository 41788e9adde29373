"""`waarborg serve` as a real process for fault tests: started on a free port, waited for, killed."""

from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx2 as httpx

from tests.core.test_mail import free_port


@dataclass
class Server:
    """One `waarborg serve` on a free port of 127.0.0.1; its log is kept in ``log``."""

    env: dict[str, str]
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *args: str) -> Server:
        exe = str(Path(sys.executable).parent / "waarborg")
        command = [exe, "serve", "--port", str(self.port), "--sweep-at", "off", *args]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{self.url}/openapi.json", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            assert self.process.poll() is None, f"the server exited: {self.log.read_text(errors='replace')[-2000:]}"
            assert time.monotonic() < deadline, "the server did not start within 60 s"
            time.sleep(0.1)

    def call_then_kill(self, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> tuple[int, bytes]:
        """One request over a plain socket, and SIGKILL the moment its whole answer has arrived (microseconds
        later, no HTTP client in between): whatever the server still meant to do after answering is lost."""
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}", "Connection: close",
                 f"Content-Length: {len(body)}", *(f"{k}: {v}" for k, v in headers.items())]  # fmt: skip
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
            sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
            received = b""
            while (status := _whole(received)) is None:
                chunk = sock.recv(65536)
                assert chunk, f"the connection closed before a whole answer: {received!r}"
                received += chunk
            assert self.process is not None
            self.process.send_signal(signal.SIGKILL)
        self.stop()
        return status, received.split(b"\r\n\r\n", 1)[1]

    def kill(self) -> None:
        """SIGKILL: no shutdown, no last commit, no flush."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.stop()

    def stop(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


def _whole(received: bytes) -> int | None:
    """The status of a complete HTTP answer with a Content-Length, or None while more is to come."""
    head, sep, body = received.partition(b"\r\n\r\n")
    if not sep:
        return None
    lines = head.decode("latin-1").split("\r\n")
    length = next(int(line.split(":", 1)[1]) for line in lines[1:] if line.lower().startswith("content-length:"))
    return int(lines[0].split()[1]) if len(body) >= length else None


def server_env(db_url: str, register: Path, key: bytes, tmp_path: Path) -> dict[str, str]:
    """What `waarborg serve` reads: the database, the register and the master key (the key file unused)."""
    return {
        **os.environ,
        "WAARBORG_DB": db_url,
        "WAARBORG_REGISTER": str(register),
        "WAARBORG_MASTER_KEY": base64.urlsafe_b64encode(key).decode(),
        "WAARBORG_KEY_FILE": str(tmp_path / "unused.key"),
    }
