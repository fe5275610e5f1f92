"""Runs a company's own rules (see :mod:`tonecoach.rulebook.company`) as one more family."""

from __future__ import annotations

import regex

from tonecoach.checks.generic import applies
from tonecoach.checks.run import CheckRun
from tonecoach.errors import RuleDataError, RulePatternTimeout
from tonecoach.rulebook.book import Rulebook, check_unless, phrase_lexicons
from tonecoach.rulebook.company import CompanyRule, CompanyRuleFile
from tonecoach.rulebook.matcher import Matcher
from tonecoach.rulebook.schema import RuleSpec


class CompanyRules:
    """Runs the rules of one or more company files as one more family."""

    def __init__(self, files: list[tuple[str, CompanyRuleFile]], book: Rulebook) -> None:
        self.specs: dict[str, RuleSpec] = {}
        self._rules: list[tuple[CompanyRule, list[regex.Pattern[str]], float]] = []
        self._matcher = Matcher(book.frequent)
        seen = dict.fromkeys({*book.rules, *(r.name for r in book.rules.values())},
                             "tonecoach")
        for name, f in files:
            for rule in f.rules:
                for key in (rule.code, rule.name):
                    if key in seen:
                        raise RuleDataError(f"{name}: {rule.code}: {key!r} is already used "
                                            f"by {seen[key]}")
                    seen[key] = name
                spec = rule.spec()
                check_unless(name, spec, set(phrase_lexicons(getattr(book.lexicons,
                                                                     rule.category))))
                if spec.entries:
                    try:
                        self._matcher.add(rule.code, spec.entries, spec.antipatterns)
                    except ValueError as exc:
                        raise RuleDataError(f"{name}: {rule.code}: {exc}") from None
                patterns = [regex.compile(p, rule.flags) for p in rule.patterns]
                self._rules.append((rule, patterns, f.pattern_timeout_ms / 1000))
                self.specs[rule.code] = spec
        self.codes = tuple(self.specs)

    def __call__(self, run: CheckRun) -> None:
        draft = run.draft
        wanted = [r for r in self._rules if run.enabled(r[0].code)]
        if not wanted:
            return
        matches = self._matcher.find(draft)
        for rule, patterns, timeout in wanted:
            fix = [] if rule.replacement is None else [rule.replacement]
            spec = self.specs[rule.code]
            for m in matches.get(rule.code, ()):
                if applies(run, spec, m):
                    run.report_match(m, fix if rule.replacement is not None else None)
            for i, pattern in enumerate(patterns):
                for start, end in _pattern_spans(pattern, draft.text, timeout, rule.code, i):
                    if not _in_quote_or_markup(run, start):
                        run.report(rule.code, start, end, fix)


def _pattern_spans(pattern: regex.Pattern[str], text: str, timeout: float, code: str,
                   index: int) -> list[tuple[int, int]]:
    try:
        return [m.span() for m in pattern.finditer(text, timeout=timeout) if m.end() > m.start()]
    except TimeoutError:
        raise RulePatternTimeout(
            f"{code}: patterns[{index}] ran longer than {timeout * 1000:.0f} ms on a draft of "
            f"{len(text):,} characters; simplify it (nested repeats backtrack without end)"
        ) from None


def _in_quote_or_markup(run: CheckRun, offset: int) -> bool:
    tok = run.draft.token_at(offset)
    return tok is not None and (tok.quoted or tok.markup)
