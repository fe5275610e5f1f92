"""uvicorn's HTTP/1.1 protocol (h11) with a deadline for a request's headers.

uvicorn times out idle kept-alive connections, but not a client that connects and sends
nothing, or half a request line, and then stalls (slowloris): each would hold a connection
for good. Here a connection that has not completed a request's headers within the app's
``read_timeout`` (``READ_TIMEOUT_STATE`` in the lifespan state; 10 s without one) gets
``408`` and is closed. The body's own deadline is
:class:`~tonecoach.integrations.server.body.BodyLimit`'s. Every connection gets
``TCP_NODELAY``, with ``--workers`` too.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

READ_TIMEOUT_STATE = "tonecoach_read_timeout"
DEFAULT_READ_TIMEOUT = 10.0
_BODY = b"Error: request headers timed out"
_TIMED_OUT = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
              b"connection: close\r\ncontent-length: %d\r\n\r\n%s" % (len(_BODY), _BODY))


class HeaderDeadline(H11Protocol):
    """:class:`H11Protocol` that closes a connection stalled before a request's headers."""

    _deadline: asyncio.TimerHandle | None = None

    def _timeout(self) -> float:
        value = self.app_state.get(READ_TIMEOUT_STATE, DEFAULT_READ_TIMEOUT)
        return float(value)

    def _between_requests(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def _arm(self) -> None:
        if self._deadline is None:
            self._deadline = self.loop.call_later(self._timeout(), self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        _no_delay(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._between_requests():
            self._arm()  # the first bytes of a request: its headers must follow in time
        super().data_received(data)
        if not self._between_requests():
            self._disarm()

    def on_response_complete(self) -> None:
        self._disarm()  # uvicorn's keep-alive timeout takes over until the next bytes
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _expired(self) -> None:
        self._deadline = None
        if self._between_requests() and not self.transport.is_closing():
            self.transport.write(_TIMED_OUT)
            self.transport.close()


def _no_delay(transport: Any) -> None:
    """TCP_NODELAY on the connection. asyncio sets it only on sockets it made with
    ``IPPROTO_TCP``; the socket uvicorn shares between ``--workers`` has protocol 0, and
    without the option a response written as headers then body waits 40 ms for the
    client's delayed ACK."""
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
