"""Lengths and offsets in the code units a client counts: UTF-16 (LanguageTool, and LSP by
default: an emoji or any other astral character is two), UTF-8 (bytes) or UTF-32 (code
points, as Python indexes a ``str``). Shared by the language server and the HTTP server."""

from __future__ import annotations

from collections.abc import Iterable

ENCODINGS = ("utf-16", "utf-8", "utf-32")


def code_units(text: str, encoding: str = "utf-16") -> int:
    """The length of ``text`` in ``encoding``'s code units (a lone surrogate is one UTF-16
    unit, three UTF-8 bytes); ``ValueError`` for an encoding not in :data:`ENCODINGS`."""
    if encoding == "utf-16":
        if text.isascii():
            return len(text)
        return len(text.encode("utf-16-le", "surrogatepass")) // 2
    if encoding == "utf-8":
        return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))
    if encoding == "utf-32":
        return len(text)
    raise ValueError(f"unknown encoding {encoding!r}; use one of {ENCODINGS}")


def unit_offsets(text: str, offsets: Iterable[int],
                 encoding: str = "utf-16") -> dict[int, int]:
    """Offsets into ``text`` (code points) → the same offsets in ``encoding``'s code units,
    all of them in one walk over ``text``; offsets past its end count up to its end."""
    out: dict[int, int] = {}
    chars = units = 0
    for offset in sorted(set(offsets)):
        units += code_units(text[chars:offset], encoding)
        chars = offset
        out[offset] = units
    return out
