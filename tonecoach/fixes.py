"""Applying suggestions' fixes: one pass, and the fixed point (apply, re-check, apply).

A fix is an edit with a contract (see DESIGN.md): it keeps every word it does not target,
sentence ends and clause punctuation, the right capital for its position and agreement with
what governs it. Fixing a draft may reveal the next fix (a patronymic after the name's case is
set, the second канцелярит of a nested phrase), so :func:`apply_fixes` re-checks the new text
and applies again, a bounded number of rounds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from tonecoach.models import AppliedFix, FixResult, Suggestion

if TYPE_CHECKING:
    from tonecoach.coach import Coach
    from tonecoach.models import Context

MAX_ROUNDS = 4
Recheck = Callable[[str], Sequence[Suggestion]]


def compatible_fixes(text: str, suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    """The fixable suggestions that can be applied together, in text order.

    Suggestions are taken in text order (start, end, code); one that overlaps a fix already
    taken is left out, so the result does not depend on the order of ``suggestions``.
    Two insertions at the same point count as overlapping; a fix that would change nothing
    is left out.
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
        if text[s.start:s.end] == s.replacements[0]:
            continue
        chosen.append(s)
        pos = s.end
        last_insert = s.start if s.start == s.end else -1
    return chosen


def _apply(text: str, chosen: list[Suggestion]) -> str:
    out: list[str] = []
    pos = 0
    for s in chosen:
        out.append(text[pos:s.start])
        out.append(s.replacements[0])
        pos = s.end
    out.append(text[pos:])
    return "".join(out)


Keep = Callable[[Suggestion, Sequence[tuple[int, int]]], bool]


def fix_until_stable(text: str, suggestions: Iterable[Suggestion], recheck: Recheck | None,
                     *, keep: Keep | None = None, max_rounds: int = MAX_ROUNDS) -> FixResult:
    """Apply the fixes ``keep`` accepts among ``suggestions``, re-check the new text with
    ``recheck`` and apply again, until nothing is left to apply or ``max_rounds`` passes are
    done. ``keep`` sees each suggestion and the spans the previous pass rewrote (offsets into
    the new text; none before the first pass).

    ``advice`` in the result is what the last check says of the final text (the input's
    unapplied suggestions when there is no ``recheck``). A fix that would write back what an
    earlier one replaced is not applied, and a text seen before ends the loop: fixes that
    undo each other cannot cycle.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected the text as str, got {type(text).__name__}")
    if max_rounds < 1:
        raise ValueError("max_rounds must be at least 1")
    pending = list(suggestions)
    applied: list[AppliedFix] = []
    seen = {text}
    rounds = 0
    current = text
    edited: list[tuple[int, int]] = []
    undo: set[tuple[str, str]] = set()  # (what a fix wrote, what it replaced)
    while rounds < max_rounds:
        usable = [s for s in pending if (keep is None or keep(s, edited)) and not (
            s.replacements and (current[s.start:s.end], s.replacements[0]) in undo)]
        chosen = compatible_fixes(current, usable)
        if not chosen:
            break
        new = _apply(current, chosen)
        if new in seen:
            break
        rounds += 1
        undo.update((s.replacements[0], current[s.start:s.end]) for s in chosen)
        applied.extend(AppliedFix(code=s.code, name=s.name, category=s.category, round=rounds,
                                  start=s.start, end=s.end, before=current[s.start:s.end],
                                  after=s.replacements[0]) for s in chosen)
        seen.add(new)
        current = new
        edited = _rewritten(chosen)
        if recheck is None:
            pending = _shifted([s for s in pending if not _overlaps(s, chosen)], chosen)
            break
        pending = list(recheck(current))
    return FixResult(text=current, applied=applied, advice=pending, rounds=rounds)


def _overlaps(s: Suggestion, chosen: list[Suggestion]) -> bool:
    """Whether ``s`` touches a span that was rewritten (its offsets no longer hold)."""
    return any((s.start < c.end and c.start < s.end) or s.start == c.start for c in chosen)


def _rewritten(chosen: list[Suggestion]) -> list[tuple[int, int]]:
    """The spans ``chosen`` (in text order) occupy in the text after they are applied."""
    out = []
    delta = 0
    for c in chosen:
        start = c.start + delta
        out.append((start, start + len(c.replacements[0])))
        delta += len(c.replacements[0]) - (c.end - c.start)
    return out


def _shifted(left: list[Suggestion], chosen: list[Suggestion]) -> list[Suggestion]:
    """``left`` with offsets moved into the text after ``chosen`` were applied."""
    out = []
    for s in left:
        delta = sum(len(c.replacements[0]) - (c.end - c.start) for c in chosen
                    if c.end <= s.start)
        out.append(s.model_copy(update={"start": s.start + delta, "end": s.end + delta}))
    return out


def apply_fixes(text: str, suggestions: Iterable[Suggestion], *, coach: Coach | None = None,
                context: Context | None = None, client_name: str | None = None,
                client_message: str | None = None, max_rounds: int = MAX_ROUNDS) -> str:
    """Apply the first replacement of every fixable suggestion, re-check the result and apply
    again until it is stable (at most ``max_rounds`` passes; ``max_rounds=1`` is one pass, as
    an editor's single quick fix).

    Overlapping fixes are resolved as :func:`compatible_fixes` says. The re-check uses
    ``coach`` (the default coach when omitted) with the given client context. Later rounds
    apply the rules among ``suggestions`` and, of the same categories, the fixes a previous
    pass opened up on the words it rewrote (the patronymic after the name is set right) —
    so one family's suggestions give only that family's fixes, and a rule the caller's coach
    had off or set otherwise (a «ты» brand) does not come back elsewhere in the text.
    :meth:`Coach.fix` does all of this for a whole draft and says what it applied.
    """
    if not isinstance(text, str):
        raise TypeError(f"apply_fixes() expects text as str, got {type(text).__name__}")
    given = list(suggestions)
    codes = {s.code for s in given}
    categories = {s.category for s in given}

    def keep(s: Suggestion, edited: Sequence[tuple[int, int]]) -> bool:
        return s.code in codes or (s.category in categories and any(
            s.start <= b and a <= s.end for a, b in edited))

    recheck: Recheck | None = None
    if max_rounds > 1 and any(s.replacements for s in given):
        def recheck(new_text: str) -> Sequence[Suggestion]:
            from tonecoach.coach import default_coach

            report = (coach or default_coach()).check(
                new_text, client_name=client_name, client_message=client_message,
                context=context)
            return report.suggestions

    result = fix_until_stable(text, given, recheck, keep=keep,
                              max_rounds=max_rounds)
    return result.text
