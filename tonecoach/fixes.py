"""Applying suggestions' fixes to the original text."""

from __future__ import annotations

from collections.abc import Iterable

from tonecoach.models import Suggestion


def compatible_fixes(text: str, suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    """The fixable suggestions that can be applied together, in text order.

    Suggestions are taken in text order (start, end, code); one that overlaps a fix already
    taken is left out, so the result does not depend on the order of ``suggestions``.
    Two insertions at the same point count as overlapping.
    """
    fixable = sorted(
        (s for s in suggestions if s.replacements),
        key=lambda s: (s.start, s.end, s.code, s.replacements[0], s.message),
    )
    chosen: list[Suggestion] = []
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
        chosen.append(s)
        pos = s.end
        last_insert = s.start if s.start == s.end else -1
    return chosen


def apply_fixes(text: str, suggestions: Iterable[Suggestion]) -> str:
    """Apply the first replacement of every fixable suggestion and return the new text;
    overlapping fixes are resolved as :func:`compatible_fixes` says."""
    if not isinstance(text, str):
        raise TypeError(f"apply_fixes() expects text as str, got {type(text).__name__}")
    out: list[str] = []
    pos = 0
    for s in compatible_fixes(text, suggestions):
        out.append(text[pos:s.start])
        out.append(s.replacements[0])
        pos = s.end
    out.append(text[pos:])
    return "".join(out)
