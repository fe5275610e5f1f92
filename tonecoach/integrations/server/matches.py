"""Suggestions as LanguageTool matches.

Each match has what every client reads, LibreOffice's strict parser included:
``message`` (the suggestion's message), ``shortMessage`` (the rule's summary),
``replacements`` (a list, possibly empty), ``offset``/``length`` in the document's UTF-16
code units, ``context``, ``sentence``, ``type`` and ``rule`` (``id`` = our code,
``category.id`` = our category in capitals, as LanguageTool names its categories).

An insertion (``start == end``) would be a zero-width match that no client can underline:
it is widened to the word before it (the word after it at the start of a line), and its
replacements carry that word, so applying one still inserts what the rule asks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import regex

from tonecoach import Suggestion
from tonecoach.integrations.offsets import code_units
from tonecoach.integrations.server.document import Document
from tonecoach.models import CATEGORY_INFO

CONTEXT_CHARS = 40  # on each side, as LanguageTool's server
SENTENCE_REACH = 500  # characters looked at on each side for the sentence's bounds
WORD_REACH = 100
ISSUE_TYPES = {"formality": "register", "etiquette": "register"}  # others: "style"
_WORD = regex.compile(r"\w+")
_LAST_WORD = regex.compile(r"\w+(?=\W*\Z)")
_SENTENCE_END = regex.compile(r"[.!?…]+[»”\"')]*(?=\s)|\n")
_NEWLINES = str.maketrans("\r\n\t", "   ")


class Rule(Protocol):
    """What a match needs of a rule (``Coach.rules`` holds them)."""

    @property
    def summary(self) -> str: ...


def category_id(category: str) -> str:
    """``formality`` → ``FORMALITY``."""
    return category.upper()


def category_name(category: str) -> str:
    """The category's Russian title, capitalised: «Обращение»."""
    info = CATEGORY_INFO.get(category)  # type: ignore[call-overload]
    title = info.title if info is not None else category
    return title[:1].upper() + title[1:]


def widen(text: str, s: Suggestion) -> tuple[int, int, list[str]]:
    """The span and replacements a client can show (see the module's docstring)."""
    start, end, replacements = s.start, s.end, list(s.replacements)
    if start != end:
        return start, end, replacements
    line_start = text.rfind("\n", 0, start) + 1
    before = _LAST_WORD.search(text, max(line_start, start - WORD_REACH), start)
    if before is not None and before.end() == start:  # «Здравствуйте|, Ольга»
        return before.start(), start, [before[0] + r for r in replacements]
    after = _WORD.search(text, start, min(len(text), start + WORD_REACH))
    if after is not None and "\n" not in text[start:after.start()]:
        tail = text[start:after.end()]
        return start, after.end(), [r + tail for r in replacements]
    if before is not None:
        head = text[before.start():start]
        return before.start(), start, [head + r for r in replacements]
    return start, end, replacements


def context(text: str, start: int, end: int) -> dict[str, Any]:
    """LanguageTool's ``context``: the match with up to 40 characters each side."""
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    head = "..." if lo > 0 else ""
    tail = "..." if hi < len(text) else ""
    return {"text": head + text[lo:hi].translate(_NEWLINES) + tail,
            "offset": code_units(head + text[lo:start]),
            "length": code_units(text[start:end])}


def sentence(text: str, start: int, end: int) -> str:
    """The sentence (or sentences) the span ``start..end`` lies in."""
    lo = max(0, start - SENTENCE_REACH)
    begin = lo
    for m in _SENTENCE_END.finditer(text, lo, start):
        begin = m.end()
    stop = _SENTENCE_END.search(text, end, min(len(text), end + SENTENCE_REACH))
    if stop is None:
        finish = min(len(text), end + SENTENCE_REACH)
    else:
        finish = stop.start() if stop[0] == "\n" else stop.end()
    return text[begin:max(finish, end)].strip()


def to_matches(doc: Document, suggestions: Sequence[Suggestion],
               rules: Mapping[str, Rule]) -> list[dict[str, Any]]:
    """The suggestions as LanguageTool matches, offsets into the whole document."""
    text = doc.text
    spans = [widen(text, s) for s in suggestions]
    positions = doc.utf16((start, end) for start, end, _ in spans)
    return [_match(text, s, span, where, rules.get(s.code))
            for s, span, where in zip(suggestions, spans, positions, strict=True)]


def _match(text: str, s: Suggestion, span: tuple[int, int, list[str]],
           where: tuple[int, int], rule: Rule | None) -> dict[str, Any]:
    start, end, replacements = span
    summary = rule.summary if rule is not None else category_name(s.category)
    return {
        "message": s.message,
        "shortMessage": summary,
        "replacements": [{"value": r} for r in replacements],
        "offset": where[0],
        "length": where[1],
        "context": context(text, start, end),
        "sentence": sentence(text, start, end),
        "type": {"typeName": "Hint" if s.severity == "info" else "Other"},
        "rule": {
            "id": s.code,
            "description": summary,
            "issueType": ISSUE_TYPES.get(s.category, "style"),
            "category": {"id": category_id(s.category), "name": category_name(s.category)},
        },
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
    }
