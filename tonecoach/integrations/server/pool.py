"""Checks run in a small thread pool, never on the event loop.

At most ``max_pending`` checks are admitted at once (running, or waiting for a thread);
one more is refused at once with ``503`` and ``Retry-After`` — there is no unbounded
queue. A check that has not finished within ``timeout`` seconds (waiting included) is
answered with ``503``; its thread finishes the check and only then frees its place, so the
bound holds for the work actually running.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from tonecoach.integrations.server.errors import RETRY_AFTER, RequestError
from tonecoach.integrations.server.limits import Limits

T = TypeVar("T")


class CheckPool:
    """Runs checks in threads with a bound on checks in flight and a time limit each."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._executor = self._new_executor()
        self._closed = False
        self._lock = threading.Lock()
        self._pending = 0

    def _new_executor(self) -> ThreadPoolExecutor:
        return ThreadPoolExecutor(self.limits.threads, thread_name_prefix="tonecoach-check")

    def start(self) -> None:
        """Take checks again after :meth:`close` (an app served a second time)."""
        if self._closed:
            self._executor, self._closed = self._new_executor(), False

    @property
    def pending(self) -> int:
        """Checks admitted and not yet finished."""
        return self._pending

    def _admit(self) -> bool:
        with self._lock:
            if self._pending >= self.limits.max_pending:
                return False
            self._pending += 1
            return True

    def _release(self, _future: Future[Any] | None = None) -> None:
        with self._lock:
            self._pending -= 1

    def submit(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> Future[T]:
        """Start ``fn`` in a thread if there is room; :class:`RequestError` 503 if not."""
        if not self._admit():
            raise RequestError(503, f"Сервер занят: в работе {self.limits.max_pending} "
                               "проверок. Повторите через секунду.", RETRY_AFTER)
        try:
            future = self._executor.submit(fn, *args, **kwargs)
        except RuntimeError:  # shutting down
            self._release()
            raise RequestError(503, "Сервер останавливается.", RETRY_AFTER) from None
        future.add_done_callback(self._release)
        return future

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` in a thread, within the time limit."""
        future = self.submit(fn, *args, **kwargs)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.limits.timeout)
        except TimeoutError:
            future.cancel()  # still waiting for a thread: never runs; running: runs out
            raise RequestError(503, "Проверка не уложилась в "
                               f"{self.limits.timeout:g} с. Отправьте текст короче или "
                               "повторите позже.", RETRY_AFTER) from None

    def close(self) -> None:
        """Stop taking checks; drop those still waiting for a thread."""
        self._closed = True
        self._executor.shutdown(wait=False, cancel_futures=True)
