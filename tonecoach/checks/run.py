"""The rule table: every rule's spec by code, and the per-check context rules report into."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tonecoach.analysis.draft import Draft
from tonecoach.models import ClientSignals, Config, Context, Severity, Suggestion
from tonecoach.rulebook.matcher import PhraseMatch
from tonecoach.rulebook.schema import RuleSpec


@dataclass
class CheckRun:
    """What one family's check sees: the draft, the context and config, and the sink."""

    draft: Draft
    context: Context
    config: Config
    rules: dict[str, RuleSpec]
    signals: ClientSignals | None = None
    matches: dict[str, list[PhraseMatch]] = field(default_factory=dict)  # phrases by key
    suggestions: list[Suggestion] = field(default_factory=list)
    shared: dict[str, Any] = field(default_factory=dict)  # facts families share, made once

    def enabled(self, code: str) -> bool:
        return self.config.is_enabled(code)

    def report(
        self,
        code: str,
        start: int,
        end: int,
        replacements: Iterable[str] = (),
        message: str | None = None,
        severity: Severity | None = None,
        **fmt: str,
    ) -> None:
        """Add a suggestion of rule ``code``; ``message`` (or the rule's) is formatted with
        ``fmt``; ``severity`` overrides the rule's (a configured severity overrides both).
        Disabled rules and replacements equal to the fragment are dropped."""
        if not self.config.is_enabled(code):
            return
        spec = self.rules[code]
        fragment = self.draft.text[start:end]
        fixes: list[str] = []
        for r in replacements:
            if r != fragment and r not in fixes:
                fixes.append(r)
        text = (message or spec.message).format(**fmt) if fmt else (message or spec.message)
        self.suggestions.append(
            Suggestion(
                code=code,
                name=spec.name,
                category=spec.category,
                severity=self.config.severity.get(code, severity or spec.severity),
                message=text,
                start=start,
                end=end,
                replacements=fixes,
            )
        )

