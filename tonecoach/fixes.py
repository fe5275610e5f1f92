"""Applying suggestions' fixes to the original text."""

from __future__ import annotations

from collections.abc import Iterable

from tonecoach.models import Suggestion


def apply_fixes(text: str, suggestions: Iterable[Suggestion]) -> str:
    """Apply the first replacement of every fixable suggestion and return the new text.

    Suggestions are taken in text order (start, end, code); one that overlaps a fix already
    applied is skipped, so the result does not depend on the order of ``suggestions``.
    Two insertions at the same point count as overlapping.
    """
    if not isinstance(text, str):
        raise TypeError(f"apply_fixes() expects text as str, got {type(text).__name__}")
    fixable = sorted(
        (s for s in suggestions if s.replacements),
        key=lambda s: (s.start, s.end, s.code, s.replacements[0], s.message),
    )
    out: list[str] = []
    pos = 0
    last_insert = -1
    for s in fixable:
        if s.end > len(text):
            raise ValueError(
                f"suggestion {s.code} at {s.start}:{s.end} lies outside the text "
                f"(length {len(text)}); was it made for another text?"
            )
        if s.start < pos or (s.start == s.end == last_insert):
            continue
        out.append(text[pos:s.start])
        out.append(s.replacements[0])
        pos = s.end
        last_insert = s.start if s.start == s.end else -1
    out.append(text[pos:])
    return "".join(out)
