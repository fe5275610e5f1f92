"""Every rule carries its own examples in rules/*.yaml; this runs all of them."""

from __future__ import annotations

import re

import pytest

import tonecoach
from tonecoach.ruledata import RuleSpec, builtin_rules

MARK = re.compile(r"\[\[(.*?)\]\]")  # [[]] marks an insertion point
RULES = builtin_rules()


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


def _cases(kind: str) -> list[tuple[RuleSpec, int]]:
    return [
        (rule, i)
        for rule in RULES.values()
        for i in range(len(getattr(rule.examples, "fail" if kind == "fail" else "pass_")))
    ]


def _run(coach: tonecoach.Coach, rule: RuleSpec, text: str) -> tonecoach.Report:
    config = tonecoach.Config.model_validate(rule.examples.config)
    context = tonecoach.Context.model_validate(rule.examples.context)
    return coach.check(text, config=config, context=context)


@pytest.mark.parametrize(("rule", "i"), _cases("fail"),
                         ids=lambda v: v.code if isinstance(v, RuleSpec) else str(v))
def test_fail_example(coach: tonecoach.Coach, rule: RuleSpec, i: int) -> None:
    example = rule.examples.fail[i]
    text, spans = unmark(example.text)
    report = _run(coach, rule, text)
    got = sorted((s.start, s.end) for s in report.suggestions if s.code == rule.code)
    assert got == sorted(spans), f"{rule.code} on {text!r}: {report.suggestions}"
    if example.fix is not None:
        fixes = [s for s in report.suggestions if s.category == rule.category]
        assert tonecoach.apply_fixes(text, fixes) == example.fix


@pytest.mark.parametrize(("rule", "i"), _cases("pass"),
                         ids=lambda v: v.code if isinstance(v, RuleSpec) else str(v))
def test_pass_example(coach: tonecoach.Coach, rule: RuleSpec, i: int) -> None:
    text = rule.examples.pass_[i]
    report = _run(coach, rule, text)
    assert [s for s in report.suggestions if s.code == rule.code] == []


@pytest.mark.parametrize("rule", list(RULES.values()), ids=lambda r: r.code)
def test_every_rule_has_examples(rule: RuleSpec) -> None:
    assert rule.examples.fail, f"{rule.code} has no failing example"
    assert rule.examples.pass_, f"{rule.code} has no passing example"
    for example in rule.examples.fail:
        assert MARK.search(example.text), f"{rule.code}: {example.text!r} marks no span"


def test_unmark_keeps_offsets() -> None:
    text, spans = unmark("а [[бв]] г [[д]]")
    assert text == "а бв г д"
    assert [text[s:e] for s, e in spans] == ["бв", "д"]
