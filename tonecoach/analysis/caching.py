"""The per-word caches every layer keeps: plain dicts (fast ``get``) that empty themselves when
full, so a long-running process never grows without bound."""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")

DEFAULT_LIMIT = 20_000


class BoundedCache(dict[K, V]):
    """A dict with a size limit; :meth:`put` starts over once the limit is reached."""

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        super().__init__()
        self.limit = limit

    def put(self, key: K, value: V) -> V:
        """Store ``value`` under ``key`` and return it."""
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value
