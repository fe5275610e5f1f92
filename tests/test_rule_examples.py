"""Every rule carries its own examples in rules/*.yaml; this runs all of them."""

from __future__ import annotations

import pytest

import tonecoach
from tonecoach.examples import MARK, check_fail_example, check_pass_example, unmark
from tonecoach.rulebook.book import builtin_rules
from tonecoach.rulebook.schema import RuleSpec

RULES = builtin_rules()


def _cases(kind: str) -> list[tuple[RuleSpec, int]]:
    return [
        (rule, i)
        for rule in RULES.values()
        for i in range(len(getattr(rule.examples, "fail" if kind == "fail" else "pass_")))
    ]


@pytest.mark.parametrize(("rule", "i"), _cases("fail"),
                         ids=lambda v: v.code if isinstance(v, RuleSpec) else str(v))
def test_fail_example(coach: tonecoach.Coach, rule: RuleSpec, i: int) -> None:
    assert check_fail_example(coach, rule, i) is None


@pytest.mark.parametrize(("rule", "i"), _cases("pass"),
                         ids=lambda v: v.code if isinstance(v, RuleSpec) else str(v))
def test_pass_example(coach: tonecoach.Coach, rule: RuleSpec, i: int) -> None:
    assert check_pass_example(coach, rule, i) is None


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
