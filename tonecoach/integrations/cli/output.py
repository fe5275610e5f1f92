"""How ``tonecoach check`` looks in a terminal: each suggestion as ``file:line:col: CODE
[severity] message`` (the line other tools grep), then the source line with the fragment
underlined and the fix beside it, and a summary in Russian with agreeing numerals.

Made with rich: colour by severity on a terminal, plain text when piped or with ``NO_COLOR``
(``FORCE_COLOR`` and ``TERM=dumb`` are honoured as rich honours them).
"""

from __future__ import annotations

import os
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from tonecoach.analysis.inflection import plural as plural  # re-exported for the CLI

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SEVERITY_WORD = {"error": "ошибка", "warning": "предупреждение", "info": "совет"}
MIN_EXCERPT = 30  # cells of the source line shown however narrow the terminal


class _Console(Console):
    """rich's console, except that a reader who stops early (``| head``) ends only the
    output: the check goes on, so the summary and the exit code stay right."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        try:  # as rich does: later writes (and the flush at exit) go nowhere, silently
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.file.fileno())
        except (OSError, ValueError):  # pragma: no cover - a stream without a descriptor
            pass


def make_console(stream: TextIO) -> Console:
    """A console on ``stream`` that colours only where rich says colour belongs, never
    wraps (a wrapped first line would no longer parse) and reads no markup in the text."""
    return _Console(file=stream, highlight=False, markup=False, emoji=False, soft_wrap=True)


def _printable(line: str) -> str:
    """The line as shown: a tab is one space, other control characters (an escape sequence
    in a draft must not drive the terminal) are «?», so widths measure what is printed."""
    return "".join(" " if ch == "\t" else "?" if unicodedata.category(ch) == "Cc" else ch
                   for ch in line)


def _joins(line: str, i: int) -> bool:
    """Whether the character at ``i`` belongs to the grapheme before it (a combining mark,
    a zero-width joiner or what follows one, a variation selector, a skin tone)."""
    if i <= 0 or i >= len(line):
        return False
    ch = line[i]
    return (unicodedata.category(ch) in ("Mn", "Me", "Mc") or ch in "\u200d\ufe0f"
            or line[i - 1] == "\u200d" or "\U0001f3fb" <= ch <= "\U0001f3ff")


def _window(line: str, start: int, end: int, width: int) -> tuple[int, int]:
    """Character bounds of the part of ``line`` to show in ``width`` cells: all of it when
    it fits, else a stretch that begins a little before ``start`` (at a word where it can,
    never inside a grapheme)."""
    if cell_len(line) <= width:
        return 0, len(line)
    left, cells = start, 0
    while left > 0 and cells + cell_len(line[left - 1]) <= width // 3:
        left -= 1
        cells += cell_len(line[left])
    while _joins(line, left):
        left -= 1
    space = line.find(" ", left, start)  # begin at a word where the context allows
    if left and space >= 0 and not line[left - 1].isspace():
        left = space + 1
    right, cells = left, 2 if left else 1  # room for the «…» marks
    while right < len(line) and cells + cell_len(line[right]) <= width:
        cells += cell_len(line[right])
        right += 1
    while _joins(line, right):
        right += 1
    space = line.rfind(" ", start + 1, right)  # and end after a word
    if right < len(line) and space >= max(end, start + 1) and right - space < 16:
        right = space
    return left, right


def _fix_note(suggestion: Any) -> str:
    """What goes beside the carets: the first replacement (others in brackets)."""
    if not suggestion.replacements:
        return ""
    first = _one_line(suggestion.replacements[0].strip())
    if suggestion.start == suggestion.end:
        return f"вставить: «{first}»"
    note = f"→ «{first}»" if first else "→ убрать"
    others = [f"«{_one_line(r.strip())}»" for r in suggestion.replacements[1:3] if r.strip()]
    return f"{note} (или {', '.join(others)})" if others else note


def _one_line(text: str) -> str:
    return " ".join(text.split())


def excerpt(text: str, start: int, end: int, width: int) -> tuple[int, str, str]:
    """The 1-based line number of ``start``, that line (cropped to ``width`` cells around
    the fragment, «…» where cut) and the caret line under the fragment's part on it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    line = _printable(text[line_start:line_end].rstrip("\r"))
    lo, hi = start - line_start, min(end, line_end) - line_start
    left, right = _window(line, lo, hi, max(width, MIN_EXCERPT))
    shown = ("…" if left else "") + line[left:right] + ("…" if right < len(line) else "")
    pad = cell_len(line[left:lo]) + (1 if left else 0)
    carets = max(1, cell_len(line[lo:min(hi, right)]))
    return text.count("\n", 0, start) + 1, shown, " " * pad + "^" * carets


def render_suggestion(console: Console, name: str, text: str, suggestion: Any) -> None:
    """``name:line:col: CODE [severity] message``, then the source line, carets and fix,
    then a blank line."""
    gutter = len(str(text.count("\n", 0, suggestion.start) + 1))
    number, shown, carets = excerpt(text, suggestion.start, suggestion.end,
                                    console.width - gutter - 6)
    column = suggestion.start - (text.rfind("\n", 0, suggestion.start) + 1) + 1
    style = SEVERITY_STYLE.get(suggestion.severity, "")
    head = Text()
    head.append(f"{name}:{number}:{column}:", style="bold")
    head.append(" ")
    head.append(suggestion.code, style=f"bold {style}".strip())
    head.append(" ")
    head.append(f"[{suggestion.severity}]", style=style)
    head.append(f" {suggestion.message}")
    source = Text.assemble((f"  {number} | ", "blue"), shown)
    under = Text.assemble((f"  {' ' * gutter} | ", "blue"), (carets, style))
    fix = _fix_note(suggestion)
    if fix:
        under.append(" ")
        under.append(fix, style="green")
    for line in (head, source, under, Text()):
        console.print(line)


def render_applied(console: Console, name: str, applied: Iterable[Any]) -> None:
    """``check --fix``: one line per fix applied."""
    for a in applied:
        before, after = _one_line(a.before), _one_line(a.after)
        what = (f"«{before}» → «{after}»" if before and after
                else f"вставлено «{after}»" if after else f"убрано «{before}»")
        line = Text(f"{name}: исправлено ")
        line.append(a.code, style="bold green")
        line.append(f": {what}")
        console.print(line)


def _counts(severities: Sequence[str]) -> str:
    """«6 замечаний: 1 ошибка, 4 предупреждения, 1 совет», «2 совета» (one kind) or
    «замечаний нет»."""
    if not severities:
        return "замечаний нет"
    counts = Counter(severities)
    parts = [plural(counts[s], SEVERITY_WORD[s]) for s in SEVERITY_WORD if counts[s]]
    if len(parts) == 1:
        return parts[0]
    return f"{plural(len(severities), 'замечание')}: {', '.join(parts)}"


def _sentence(text: str) -> str:
    return f"{text[0].upper()}{text[1:]}."


def summary(severities: Sequence[str], files: int | None) -> str:
    """«2 файла, 6 замечаний: 1 ошибка, 4 предупреждения, 1 совет.» (no file count when
    ``files`` is None: one draft from standard input)."""
    where = f"{plural(files, 'файл')}, " if files is not None else ""
    return _sentence(where + _counts(severities))


def fix_summary(applied: int, severities: Sequence[str]) -> str:
    """``check --fix``: «2 исправления; осталось 1 замечание: 1 предупреждение.»"""
    if not applied:
        return _sentence(_counts(severities))
    done = plural(applied, "исправление")
    if not severities:
        return _sentence(f"{done}, замечаний больше нет")
    return _sentence(f"{done}; осталось {_counts(severities)}")


@lru_cache(maxsize=1)
def _situation_labels() -> dict[str, str]:
    from tonecoach.rulebook.book import builtin_signals

    return {s.name: s.label for s in builtin_signals().situations}


def situation_label(situation: str) -> str:
    """The Russian name of a situation id («money» → «деньги и оплата»)."""
    return _situation_labels().get(situation, situation)


def describe_signals(signals: Any) -> str:
    """One line on what the client's message tells."""
    parts = []
    for label, found in (("расстроен", signals.upset), ("в беде", signals.trouble),
                         ("вина компании", signals.fault)):
        if found:
            parts.append(f"{label} ({', '.join(f'«{f}»' for f in found[:3])})")
    if signals.situation != "other":
        parts.append(f"ситуация: {situation_label(signals.situation)}")
    return f"Клиент: {'; '.join(parts)}."
