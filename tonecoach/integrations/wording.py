"""Small pieces of Russian wording the faces share: numbers as Russian text groups them and
the close-match hint of a one-line error."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def number(n: float) -> str:
    """``100000`` → «100 000» (a no-break space between thousands), as Russian text writes
    numbers."""
    return f"{n:,}".replace(",", "\u00a0")


def maybe(word: str, options: Iterable[str]) -> str:
    """« (может быть, «text»?)» when ``word`` is near one of ``options``, else nothing."""
    close = difflib.get_close_matches(word, list(options), n=1)
    return f" (может быть, «{close[0]}»?)" if close else ""
