"""The runner for rules that are nothing but phrases and token patterns: each match is reported
with its entry's note and replacements, unless its ``unless`` lexicon is in the draft or its
``when`` condition does not hold."""

from __future__ import annotations

from tonecoach.checks.run import CheckRun
from tonecoach.rulebook.matcher import Match
from tonecoach.rulebook.schema import RuleSpec


class GenericRules:
    """Reports the matches of data-only rules (built-in ones and a company's)."""

    def __init__(self, rules: list[RuleSpec]) -> None:
        self.rules = rules

    def __call__(self, run: CheckRun) -> None:
        matches = run.matches
        for rule in self.rules:
            found = matches.get(rule.code)
            if not found or not run.enabled(rule.code):
                continue
            for m in found:
                if applies(run, rule, m):
                    run.report_match(m)


def applies(run: CheckRun, rule: RuleSpec, m: Match) -> bool:
    """Whether a match's conditions hold: its ``unless`` lexicon is absent from the draft and
    its ``when`` condition is met."""
    entry = m.entry
    if entry.unless is not None and run.matches.get(f"{rule.category}:{entry.unless}"):
        return False
    signals = run.signals
    if entry.when == "upset":
        return signals is not None and signals.needs_care
    if entry.when == "complaint":
        return signals is not None and (signals.needs_care or bool(signals.fault))
    return True
