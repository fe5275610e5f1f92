"""Running a rule's own examples: ``fail`` texts mark with ``[[…]]`` exactly what the rule must
flag (and ``fix`` the text after its family's fixes); ``pass`` texts must not be flagged.

The test suite runs every built-in rule's examples this way; ``tonecoach rules --verify``
does the same for a company's rule files. Examples run with the default settings plus their
own ``config``, whatever the coach's settings: only the coach's rule files count."""

from __future__ import annotations

import re
from typing import Any

from tonecoach.coach import Coach
from tonecoach.models import Config, Context, Report
from tonecoach.rulebook.schema import RuleSpec

MARK = re.compile(r"\[\[(.*?)\]\]")  # [[]] marks an insertion point


def unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Strip ``[[…]]`` marks; return the text and the marked spans in it."""
    spans, out, pos = [], [], 0
    for m in MARK.finditer(marked):
        out.append(marked[pos:m.start()])
        start = sum(len(p) for p in out)
        out.append(m.group(1))
        spans.append((start, start + len(m.group(1))))
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans


def example_config(rule: RuleSpec) -> Config:
    """The settings ``rule``'s examples run with: the defaults and the examples' own
    ``config``, every field set, so that the coach's settings (but its rule files) do not
    count when it is laid over them."""
    defaults = Config().model_dump(exclude={"rule_files"})
    return Config.model_validate({**defaults, **rule.examples.config})


def _run(coach: Coach, rule: RuleSpec, text: str,
         context: dict[str, Any] | None = None) -> Report:
    ctx = Context.model_validate(rule.examples.context if context is None else context)
    return coach.check(text, config=example_config(rule), context=ctx)


def check_fail_example(coach: Coach, rule: RuleSpec, i: int) -> str | None:
    """What is wrong with ``rule``'s i-th ``fail`` example (None when it holds)."""
    example = rule.examples.fail[i]
    text, spans = unmark(example.text)
    report = _run(coach, rule, text, example.context)
    got = sorted((s.start, s.end) for s in report.suggestions if s.code == rule.code)
    if got != sorted(spans):
        found = [text[a:b] or f"^{a}" for a, b in got]
        return f"{rule.code} on {text!r}: expected {[text[a:b] for a, b in spans]}, got {found}"
    if example.fix is not None:
        ctx = Context.model_validate(
            rule.examples.context if example.context is None else example.context)
        fixed = coach.fix(text, config=example_config(rule), context=ctx,
                          categories=[rule.category]).text
        if fixed != example.fix:
            return f"{rule.code} on {text!r}: fixed to {fixed!r}, expected {example.fix!r}"
    return None


def check_pass_example(coach: Coach, rule: RuleSpec, i: int) -> str | None:
    """What is wrong with ``rule``'s i-th ``pass`` example (None when it holds)."""
    example = rule.examples.pass_[i]
    text = example.text
    flagged = [text[s.start:s.end] for s in _run(coach, rule, text, example.context).suggestions
               if s.code == rule.code]
    return f"{rule.code} on {text!r}: flagged {flagged}, expected nothing" if flagged else None


def verify(coach: Coach, rule: RuleSpec) -> list[str]:
    """Every problem with ``rule``'s examples; a rule without a ``fail`` example, or a
    ``fail`` text that marks nothing with ``[[…]]``, is one too (its other examples would
    hold whatever the rule finds)."""
    problems = _missing(rule)
    problems += [check_fail_example(coach, rule, i) for i in range(len(rule.examples.fail))]
    problems += [check_pass_example(coach, rule, i) for i in range(len(rule.examples.pass_))]
    return [p for p in problems if p is not None]


def _missing(rule: RuleSpec) -> list[str | None]:
    where = f"{rule.code} ({rule.name})"
    if not rule.examples.fail and not rule.examples.pass_:
        return [f"{where}: no examples; give it «examples:» with «fail» texts ([[…]] marks "
                "what it must flag) and «pass» texts (what it must leave alone)"]
    if not rule.examples.fail:
        return [f"{where}: no «fail» example; nothing shows it flags what it is for"]
    return [f"{where}: fail[{i}] marks nothing with [[…]]"
            for i, example in enumerate(rule.examples.fail) if not MARK.search(example.text)]
