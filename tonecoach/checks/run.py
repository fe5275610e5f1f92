"""One check of one draft: what every family reads (draft, context, config, matches, facts the
families share) and where they report."""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tonecoach.analysis.draft import Draft, Token
from tonecoach.analysis.inflection import match_case, plural
from tonecoach.models import ClientSignals, Config, Context, Severity, Suggestion
from tonecoach.rulebook.matcher import Match
from tonecoach.rulebook.schema import RuleSpec

if TYPE_CHECKING:
    from tonecoach.checks.acknowledgement import Acknowledgement


@dataclass
class CheckRun:
    """What one family's check sees: the draft, the context and config, the matches of every
    rule and lexicon (by key), the facts families share, and the sink."""

    draft: Draft
    context: Context
    config: Config
    rules: Mapping[str, RuleSpec]
    signals: ClientSignals | None = None
    matches: dict[str, list[Match]] = field(default_factory=dict)
    acknowledgement: Acknowledgement | None = None  # empathy and apology read it
    marked: dict[str, list[tuple[Token, Any]]] = field(default_factory=dict)  # by category
    suggestions: list[Suggestion] = field(default_factory=list)

    def enabled(self, code: str) -> bool:
        return self.config.is_enabled(code)

    def report(
        self,
        code: str,
        start: int,
        end: int,
        replacements: Iterable[str] = (),
        *,
        variant: str | None = None,
        severity: Severity | None = None,
        **fmt: str,
    ) -> None:
        """Add a suggestion of rule ``code``: its message (or the named ``variant`` of it)
        filled with ``fmt``; ``severity`` overrides the rule's (a configured severity overrides
        both). Disabled rules and replacements equal to the fragment are dropped."""
        self._add(code, start, end, replacements, variant, severity, fmt)

    def _add(self, code: str, start: int, end: int, replacements: Iterable[str],
             variant: str | None, severity: Severity | None, fmt: Mapping[str, str]) -> None:
        if not self.config.is_enabled(code):
            return
        spec = self.rules[code]
        fragment = self.draft.text[start:end]
        fixes: list[str] = []
        for r in replacements:
            if r != fragment and r not in fixes:
                fixes.append(r)
        self.suggestions.append(
            Suggestion(
                code=code,
                name=spec.name,
                category=spec.category,
                severity=self.config.severity.get(code, severity or spec.severity),
                message=fill(spec.text(variant), fmt),
                start=start,
                end=end,
                replacements=fixes,
            )
        )

    def report_match(self, m: Match, replacements: Iterable[str] | None = None,
                     **fmt: str) -> None:
        """Report a phrase or pattern match of the rule it belongs to, with the entry's note
        and its replacements cased for the place («До свидания» mid-sentence → «до свидания»)."""
        fragment = self.draft.text[m.start:m.end]
        if replacements is None:
            at_start = self.draft.sentence_start(m.first)
            replacements = [_case_for_place(r, fragment, at_start) for r in m.entry.replacements]
        replacements = list(replacements)
        values = {"word": fragment, "note": m.entry.note or "",
                  "fix": replacements[0] if replacements else "", **fmt}
        self._add(m.key, m.start, m.end, replacements, None, None, values)


def _case_for_place(replacement: str, fragment: str, at_start: bool) -> str:
    if not replacement:
        return replacement
    if at_start:
        return replacement[:1].upper() + replacement[1:]
    if fragment[:1].islower() and replacement[:1].isupper() and \
            not (len(replacement) > 1 and replacement[:2].isupper()):
        return replacement[:1].lower() + replacement[1:]
    return match_case(replacement, fragment) if fragment.isupper() else replacement


class _Keep(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class _Agreeing(string.Formatter):
    """``{count:слово}`` is the number with the noun agreeing with it: «32 слова»."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        if format_spec.isalpha() and str(value).isascii() and str(value).isdigit():
            return plural(int(value), format_spec)
        return super().format_field(value, format_spec)


_FORMATTER = _Agreeing()


def fill(template: str, values: Mapping[str, str]) -> str:
    """``template`` with ``{name}`` filled in (``{count:слово}``: the number and the noun
    agreeing with it); unknown names and stray braces stay as written (a company's message
    may hold braces of its own)."""
    if not values or "{" not in template:
        return template
    try:
        return _FORMATTER.vformat(template, (), _Keep(values))
    except (ValueError, IndexError):
        return template
