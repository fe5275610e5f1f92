"""A client's document as the coach reads it, and the way back to the client's offsets.

LanguageTool's clients send ``text``, or ``data``: an annotated document,
``{"annotation": [{"text": "…"}, {"markup": "<b>", "interpretAs": "…"}, …]}``. The coach
checks the text parts with each markup part replaced by its ``interpretAs`` (nothing when
absent); offsets go back into the whole document, markup included, in UTF-16 code units
as LanguageTool counts them (an emoji is two).
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from tonecoach.integrations.offsets import unit_offsets

MAX_PARTS = 100_000


@dataclass(frozen=True)
class _Part:
    start: int  # in the checked text
    size: int  # in the checked text
    origin: int  # in the document (characters)
    origin_size: int  # in the document (characters)
    markup: bool


class Document:
    """``text`` is what the coach checks; :meth:`utf16` maps its offsets to the document."""

    def __init__(self, parts: Iterable[tuple[str, str | None]]) -> None:
        """``parts``: (what the coach reads, what the document holds — None when the same)."""
        checked: list[str] = []
        original: list[str] = []
        self._parts: list[_Part] = []
        start = origin = 0
        for read, held in parts:
            doc = read if held is None else held
            self._parts.append(_Part(start, len(read), origin, len(doc), held is not None))
            checked.append(read)
            original.append(doc)
            start += len(read)
            origin += len(doc)
        self.text = "".join(checked)
        self.original = "".join(original)
        self._starts = [p.start for p in self._parts]

    @classmethod
    def plain(cls, text: str) -> Document:
        return cls([(text, None)])

    @classmethod
    def annotated(cls, data: str) -> Document:
        """From LanguageTool's ``data`` parameter; ``ValueError`` with the reason."""
        try:
            parsed = json.loads(data)
        except ValueError:
            raise ValueError("параметр data — не JSON") from None
        items = parsed.get("annotation") if isinstance(parsed, dict) else None
        if not isinstance(items, list):
            raise ValueError('в параметре data нет списка "annotation"')
        if len(items) > MAX_PARTS:
            raise ValueError(f"в data больше {MAX_PARTS} частей")
        return cls(_part(item, i) for i, item in enumerate(items))

    def _origin(self, offset: int, end: bool) -> int:
        """The document's character offset of the checked text's ``offset``; inside a
        markup's ``interpretAs`` a start goes to the markup's start, an end to its end."""
        if not self._parts:
            return 0
        i = bisect_right(self._starts, offset) - 1
        if end:  # an end at a part's start belongs to the part before
            while i > 0 and self._parts[i].start == offset:
                i -= 1
        part = self._parts[max(i, 0)]
        if part.markup:
            inside = offset > part.start if end else offset >= part.start + part.size
            return part.origin + (part.origin_size if inside else 0)
        return part.origin + min(offset - part.start, part.size)

    def utf16(self, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """Each (start, end) of the checked text as (offset, length) in the document's
        UTF-16 code units; one pass over the document for all of them."""
        spans = list(spans)
        origins = [(self._origin(s, False), self._origin(e, True)) for s, e in spans]
        units = unit_offsets(self.original, (o for pair in origins for o in pair))
        return [(units[s], units[max(e, s)] - units[s]) for s, e in origins]


def _part(item: object, index: int) -> tuple[str, str | None]:
    if isinstance(item, dict):
        text, markup = item.get("text"), item.get("markup")
        if isinstance(text, str) and markup is None:
            return text, None
        if isinstance(markup, str) and text is None:
            interpret = item.get("interpretAs", "")
            if isinstance(interpret, str):
                return interpret, markup
    raise ValueError(f'часть {index} в data: нужен "text" или "markup" (и "interpretAs") '
                     "со строкой")

