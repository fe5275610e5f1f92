"""Offsets (code points into the text) ↔ LSP positions (line, column in the client's units).

Lines end at ``\\n``, ``\\r\\n`` or ``\\r`` only, as the LSP specification says (not at the
other breaks ``str.splitlines`` knows). Columns count UTF-16 code units by default, so an
emoji or any other astral character counts as two; UTF-8 and UTF-32 are supported too.
Building a map is linear in the text; each conversion is logarithmic plus the line's length.
"""

from __future__ import annotations

from bisect import bisect_right

import regex

from tonecoach.integrations.offsets import ENCODINGS, code_units

_LINE_END = regex.compile(r"\r\n|\r|\n")


class PositionMap:
    """Converts between offsets into ``text`` and (line, column) in ``encoding`` units."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        if encoding not in ENCODINGS:
            raise ValueError(f"unknown position encoding {encoding!r}; use one of {ENCODINGS}")
        self.text = text
        self.encoding = encoding
        self._starts = [0, *(m.end() for m in _LINE_END.finditer(text))]

    def _line_end(self, line: int) -> int:
        """Offset of the end of ``line``'s content (before its line break)."""
        if line + 1 < len(self._starts):
            end = self._starts[line + 1]
            return end - 2 if self.text.startswith("\r\n", end - 2) else end - 1
        return len(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        """The (line, column) of ``offset``; clamped into the text."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self._starts, offset) - 1
        start = self._starts[line]
        return line, code_units(self.text[start:offset], self.encoding)

    def offset(self, line: int, column: int) -> int:
        """The offset of (line, column); past the end of a line means its end, as LSP says."""
        if line < 0:
            return 0
        if line >= len(self._starts):
            return len(self.text)
        start, end = self._starts[line], self._line_end(line)
        if self.encoding == "utf-32" or self.text[start:end].isascii():
            return min(start + max(column, 0), end)
        used = 0
        for i in range(start, end):
            if used >= column:
                return i
            used += code_units(self.text[i], self.encoding)
        return end
