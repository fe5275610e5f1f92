"""A request's body, read before the app sees it: at most ``max_body_bytes`` (``413``;
a declared ``Content-Length`` over the limit is refused before reading), within
``read_timeout`` seconds (``408``)."""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tonecoach.integrations.server.errors import RequestError, error_response, too_long
from tonecoach.integrations.server.limits import Limits


class BodyLimit:
    """ASGI middleware: reads a request's body (at most ``max_body_bytes``, within
    ``read_timeout`` seconds) before the app sees it; ``413`` or ``408`` otherwise."""

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        limit = self.limits.max_body_bytes
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send,
                               too_long("Запрос", int(declared), limit, "байт"))
            return
        try:
            body = await asyncio.wait_for(self._read(receive, limit), self.limits.read_timeout)
        except RequestError as exc:
            await self._refuse(scope, receive, send, exc)
            return
        except TimeoutError:
            await self._refuse(scope, receive, send, RequestError(
                408, f"Запрос не пришёл целиком за {self.limits.read_timeout:g} с."))
            return
        if body is None:  # the client went away
            return
        await self.app(scope, _replay(body, receive), send)

    @staticmethod
    async def _read(receive: Receive, limit: int) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise too_long("Запрос", size, limit, "байт")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, exc: RequestError) -> None:
        headers = {**exc.headers, "Connection": "close"}
        response = error_response(scope["path"], exc.status, exc.message, headers)
        await response(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives the body read already, then waits as the real one does."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
