"""A limit on request bodies, enforced while reading, so an oversized upload never fills memory."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise _TooLargeError
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLargeError:
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps({"error": "too_large", "detail": f"request body larger than {self.max_bytes} bytes"}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})


class _TooLargeError(Exception):
    pass


class Window:
    """At most ``limit`` events per key in a sliding ``seconds`` window, in this process's memory.

    Enough for one server; behind several, each counts alone (the limit multiplies, it does not vanish)."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit = limit
        self.seconds = seconds
        self._seen: dict[str, list[float]] = {}

    def allow(self, key: str, at: float) -> bool:
        recent = [t for t in self._seen.get(key, []) if at - t < self.seconds]
        if len(recent) >= self.limit:
            self._seen[key] = recent
            return False
        recent.append(at)
        self._seen[key] = recent
        if len(self._seen) > 10_000:  # forget idle keys so the table cannot grow without end
            self._seen = {k: v for k, v in self._seen.items() if v and at - v[-1] < self.seconds}
        return True
