"""One cached pymorphy3 analyzer for the whole process.

pymorphy3 is called directly (not through spaCy's lemmatizer, which needs POS tags that a blank
pipeline lacks). Parses are cached per normalised word form; the cache is bounded.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

Parse = Any  # pymorphy3.analyzer.Parse (a named tuple); the library ships no type hints

_LOCK = threading.Lock()
_ANALYZER: Any = None
PARSE_CACHE_SIZE = 20_000


def analyzer() -> Any:
    """The process-wide ``pymorphy3.MorphAnalyzer`` (created on first use)."""
    global _ANALYZER
    if _ANALYZER is None:
        with _LOCK:
            if _ANALYZER is None:
                import pymorphy3

                _ANALYZER = pymorphy3.MorphAnalyzer(lang="ru")
    return _ANALYZER


@lru_cache(maxsize=PARSE_CACHE_SIZE)
def parse(word: str) -> tuple[Parse, ...]:
    """All pymorphy3 parses of a lower-case word form, most likely first (none when pymorphy3
    cannot read it: it raises on letters without a Unicode name, such as Tangut)."""
    try:
        return tuple(analyzer().parse(word))
    except (ValueError, KeyError):
        return ()


def lemma(word: str) -> str:
    """The most likely normal form of a word form."""
    parses = parse(word.lower())
    return str(parses[0].normal_form) if parses else word.lower()


def inflect_parse(candidate: Parse, grammemes: set[str]) -> str | None:
    """Inflect one given parse; ``None`` when it cannot take the grammemes."""
    try:
        result = candidate.inflect(grammemes)
    except (ValueError, KeyError):  # pragma: no cover
        return None
    return None if result is None else str(result.word)
