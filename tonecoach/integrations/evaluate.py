"""Scoring labelled cases: precision and recall per category, exact-fix accuracy, misses.

A case is one JSON object per line: ``text``, optional ``client_name``/``client_message``,
``expect`` ({category: bool}) and an optional ``fix`` (the text after the fixes of the chosen
categories, all of them by default, applied to the fixed point as :func:`apply_fixes` does).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tonecoach.coach import Coach
from tonecoach.errors import RulePatternTimeout, TextTooLongError
from tonecoach.fixes import apply_fixes
from tonecoach.integrations.reading import InputError, read_jsonl, value_kind
from tonecoach.integrations.wording import maybe
from tonecoach.models import CATEGORIES, Report

WHERE = "_where"
"""The key ``read_cases`` puts in a case: its FILE:LINE, for an error about it later."""


@dataclass
class CategoryScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float | None:
        flagged = self.tp + self.fp
        return self.tp / flagged if flagged else None

    @property
    def recall(self) -> float | None:
        positive = self.tp + self.fn
        return self.tp / positive if positive else None


@dataclass
class Miss:
    case_id: str
    category: str
    expected: bool
    text: str
    got: list[str]


@dataclass
class EvalResult:
    cases: int = 0
    scores: dict[str, CategoryScore] = field(
        default_factory=lambda: {c: CategoryScore() for c in CATEGORIES}
    )
    fixes_total: int = 0
    fixes_exact: int = 0
    misses: list[Miss] = field(default_factory=list)
    fix_misses: list[tuple[str, str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "categories": {
                c: {"tp": s.tp, "fp": s.fp, "fn": s.fn, "tn": s.tn,
                    "precision": s.precision, "recall": s.recall}
                for c, s in self.scores.items()
            },
            "fixes": {"total": self.fixes_total, "exact": self.fixes_exact},
            "misses": [m.__dict__ for m in self.misses],
            "fix_misses": [{"id": i, "expected": e, "got": g} for i, e, g in self.fix_misses],
        }


def read_cases(path: str | Path, encoding: str | None = None) -> list[dict[str, Any]]:
    """Read a JSONL file of cases (encoding detected unless given, as
    :mod:`~tonecoach.integrations.reading` does). A bad line — not a JSON object, no string
    ``text``, an ``expect`` naming an unknown category — raises
    :class:`~tonecoach.integrations.reading.InputError` (a ``ValueError``) naming the file
    and the line, in Russian as the CLI shows it."""
    cases = []
    for row in read_jsonl(path, encoding):
        where = f"{path}:{row.number}"
        if row.error:
            raise InputError(f"{where}: {row.error}")
        case = dict(row.values)
        if not isinstance(case.get("text"), str):
            raise InputError(f'{where}: нужно поле "text" с текстом черновика')
        for key in ("client_name", "client_message", "fix"):
            value = case.get(key)
            if value is not None and not isinstance(value, str):
                shown = json.dumps(value, ensure_ascii=False)[:40]
                raise InputError(f'{where}: "{key}" должно быть строкой или null, а не '
                                 f"{value_kind(value)}: {shown}")
        _check_expect(case.get("expect"), where)
        case.setdefault("id", f"line-{row.number}")
        case[WHERE] = where
        cases.append(case)
    return cases


def _check_expect(expect: Any, where: str) -> None:
    """An ``expect`` must map known categories to true or false."""
    if expect is None:
        return
    if not isinstance(expect, dict):
        raise InputError(f'{where}: "expect" должно быть объектом, например '
                         '{"formality": true}')
    for category, value in expect.items():
        if category not in CATEGORIES:
            raise InputError(f'{where}: неизвестная категория «{category}» в "expect"'
                             f"{maybe(category, CATEGORIES)}; категории: "
                             f"{', '.join(CATEGORIES)}")
        if not isinstance(value, bool):
            raise InputError(f"{where}: expect.{category} должно быть true или false, "
                             f"а не {json.dumps(value, ensure_ascii=False)}")


def evaluate(cases: Iterable[dict[str, Any]], coach: Coach | None = None,
             fix_categories: Collection[str] | None = None) -> EvalResult:
    """Score every case with ``coach`` (a default one when omitted); a case's ``fix`` is
    compared with the draft after the fixes of ``fix_categories`` (every category when
    ``None``)."""
    coach = coach or Coach()
    result = EvalResult()
    for case in cases:
        result.cases += 1
        try:
            report = coach.check(case["text"], client_name=case.get("client_name"),
                                 client_message=case.get("client_message"))
        except TextTooLongError:
            from tonecoach.analysis.inflection import plural

            raise InputError(f"{_where(case)}: в черновике {plural(len(case['text']), 'символ')}"
                             f", а можно не больше {coach.config.max_text_length} "
                             "(max_text_length в настройках)") from None
        except RulePatternTimeout as exc:
            raise InputError(f"{_where(case)}: правило компании проверяло черновик слишком "
                             f"долго: {exc}") from None
        _score_case(result, case, report, coach, fix_categories)
    return result


def _where(case: dict[str, Any]) -> str:
    """Where a case came from: FILE:LINE (``read_cases``), else its id."""
    return str(case.get(WHERE) or f"случай {case.get('id')}")


def _score_case(result: EvalResult, case: dict[str, Any], report: Report, coach: Coach,
                fix_categories: Collection[str] | None = None) -> None:
    found = {s.category for s in report.suggestions}
    for category, expected in (case.get("expect") or {}).items():
        got = category in found
        score = result.scores[category]
        if expected and got:
            score.tp += 1
        elif expected:
            score.fn += 1
        elif got:
            score.fp += 1
        else:
            score.tn += 1
        if got != bool(expected):
            result.misses.append(Miss(
                case_id=str(case["id"]), category=category, expected=bool(expected),
                text=case["text"],
                got=[f"{s.code} {case['text'][s.start:s.end]!r}"
                     for s in report.suggestions if s.category == category],
            ))
    if case.get("fix"):
        result.fixes_total += 1
        fixed = apply_fixes(case["text"], [s for s in report.suggestions if
                                           fix_categories is None or s.category in fix_categories],
                            coach=coach, client_name=case.get("client_name"),
                            client_message=case.get("client_message"))
        if fixed == case["fix"]:
            result.fixes_exact += 1
        else:
            result.fix_misses.append((str(case["id"]), case["fix"], fixed))


def format_table(result: EvalResult, implemented: Collection[str]) -> str:
    """The plain-text table ``tonecoach eval`` prints (in Russian; TP, FP, FN, TN as they
    are)."""
    def pct(value: float | None) -> str:
        return "   —  " if value is None else f"{value:6.3f}"

    lines = [f"размеченных черновиков: {result.cases}",
             f"{'категория':<11} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4} "
             f"{'точность':>9} {'полнота':>7}"]
    for category, s in result.scores.items():
        if s.tp + s.fp + s.fn + s.tn == 0:
            continue
        note = "" if category in implemented else "  (правил пока нет)"
        lines.append(f"{category:<11} {s.tp:>4} {s.fp:>4} {s.fn:>4} {s.tn:>4} "
                     f"{pct(s.precision):>9} {pct(s.recall):>7}{note}")
    if result.fixes_total:
        share = result.fixes_exact / result.fixes_total
        lines.append(f"точных исправлений: {result.fixes_exact}/{result.fixes_total} "
                     f"({share:.1%})")
    return "\n".join(lines)
