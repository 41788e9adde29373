"""A closed-loop HTTP load for fault tests: many keep-alive connections, each sending its next request as soon
as the last was answered, every answer's status, Retry-After and time kept. Plain asyncio streams: the client
must stay cheaper than the server it loads."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

Maker = Callable[[int], bytes]
"""The next request for connection n, as raw HTTP/1.1 bytes."""


@dataclass(frozen=True)
class Answer:
    connection: int
    request: bytes
    status: int  # 0: no answer within the client's timeout; -1: the connection failed
    retry_after: bool
    seconds: float
    body: bytes


async def _answer(reader: asyncio.StreamReader) -> tuple[int, bool, bool, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status, length, close, retry = int(lines[0].split(b" ", 2)[1]), 0, False, False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        length = int(value) if name == b"content-length" else length
        close = close or (name == b"connection" and b"close" in value.lower())
        retry = retry or name == b"retry-after"
    return status, retry, close, await reader.readexactly(length)


async def _connection(port: int, n: int, make: Maker, until: float, timeout: float, found: list[Answer]) -> None:
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    while time.monotonic() < until:
        request, began = make(n), time.monotonic()
        status, retry, body = -1, False, b""
        try:
            async with asyncio.timeout(timeout):
                if writer is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                assert reader is not None
                writer.write(request)
                status, retry, close, body = await _answer(reader)
            if close:
                writer.close()
                writer = None
        except TimeoutError:
            status = 0
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            status = -1
        if status <= 0 and writer is not None:
            writer.close()
            writer = None
        found.append(Answer(n, request, status, retry, time.monotonic() - began, body))
        if status == -1:
            await asyncio.sleep(0.05)
    if writer is not None:
        writer.close()


def run_load(port: int, connections: int, seconds: float, make: Maker, timeout: float = 15.0) -> list[Answer]:
    """Every answer of ``connections`` connections sending for ``seconds`` (requests in flight end by their
    timeout at the latest)."""

    async def main() -> list[Answer]:
        found: list[Answer] = []
        until = time.monotonic() + seconds
        await asyncio.gather(*(_connection(port, n, make, until, timeout, found) for n in range(connections)))
        return found

    return asyncio.run(main())
