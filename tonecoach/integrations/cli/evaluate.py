"""``tonecoach eval``: score labelled cases."""

from __future__ import annotations

import argparse
import json
from typing import Any

from tonecoach.integrations.cli.common import add_config_options, fail, load_config, make_coach
from tonecoach.integrations.wording import maybe

DESCRIPTION = """\
Оценивает правила на размеченных черновиках: точность и полнота по категориям, доля точных
исправлений и промахи.

Файл — JSON Lines, один объект на строку: "text", необязательные "id", "client_name",
"client_message", "expect" ({"formality": true, "empathy": false, …}; категории: formality,
empathy, apology, brevity, name, etiquette) и "fix" — каким должен стать текст после
исправлений категорий --fix-categories (до устойчивого результата). Кодировка файла
определяется сама, если её не задаёт --encoding. Плохая строка (битый JSON, нет "text",
неизвестная категория) останавливает оценку: одна строка в stderr с именем файла и номером
строки, код 2."""

EPILOG = """\
примеры:
  tonecoach eval cases.jsonl
  tonecoach eval cases.jsonl --format json --misses 0 > scores.json
  tonecoach eval cases.jsonl --fix-categories formality,name

коды выхода:
  0  оценка посчитана
  2  ошибка в аргументах, настройках или файле (одна строка в stderr)"""

def cmd_eval(args: argparse.Namespace) -> int:
    from tonecoach.integrations.evaluate import evaluate, format_table, read_cases
    from tonecoach.integrations.reading import InputError
    from tonecoach.rulebook.book import builtin_rules

    try:
        cases = read_cases(args.cases, args.encoding)
    except InputError as exc:
        fail(str(exc))
    fix_categories = _categories(args.fix_categories) if args.fix_categories else None
    try:
        result = evaluate(cases, make_coach(load_config(args, near=args.cases)),
                          fix_categories)
    except InputError as exc:
        fail(str(exc))
    if args.format == "json":
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return 0
    implemented = {r.category for r in builtin_rules().values()}
    print(format_table(result, implemented))
    shown = [m for m in result.misses if m.category in implemented]
    if shown and args.misses:
        print("\nпромахи:")
        for m in shown[: args.misses]:
            kind = "не найдено" if m.expected else "лишнее замечание"
            print(f"  {m.case_id} {m.category} {kind}: {m.text[:90]}")
            for g in m.got:
                print(f"      найдено: {g}")
    if result.fix_misses and args.misses:
        print("\nисправления не совпали с «fix»:")
        for case_id, expected, got in result.fix_misses[: args.misses]:
            print(f"  {case_id}\n    ожидалось:  {expected}\n    получилось: {got}")
    return 0


def _count(value: str) -> int:
    """``--misses``: a whole number, 0 or more (-1 used to show all misses but one)."""
    n = int(value)  # not a number: argparse's own message («нужно: целое число»)
    if n < 0:
        raise argparse.ArgumentTypeError(f"нужно 0 или больше, а не {n}")
    return n


_count.__name__ = "int"  # argparse names the type in its message: «нужно: целое число»


def _categories(value: str) -> list[str]:
    """``--fix-categories``: known categories only (a typo is one line, exit 2)."""
    from tonecoach.models import CATEGORIES

    chosen = [c.strip() for c in value.split(",") if c.strip()]
    for category in chosen:
        if category not in CATEGORIES:
            fail(f"--fix-categories: неизвестная категория «{category}»"
                 f"{maybe(category, CATEGORIES)}; категории: "
                 f"{', '.join(CATEGORIES)}")
    return chosen


def add_parser(sub: Any) -> None:
    """``tonecoach eval``."""
    p = sub.add_parser("eval", help="оценить правила на размеченных черновиках (JSONL)",
                       description=DESCRIPTION, epilog=EPILOG)
    p.add_argument("cases", metavar="ФАЙЛ", help="размеченные черновики, JSONL")
    p.add_argument("--encoding", metavar="КОДИРОВКА",
                   help="кодировка файла, например cp1251 (по умолчанию: определяется сама)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text — таблица для человека, json — для программ")
    p.add_argument("--misses", type=_count, default=20, metavar="ЧИСЛО",
                   help="сколько промахов показать; 0 — ни одного")
    p.add_argument("--fix-categories", metavar="КАТЕГОРИИ",
                   help="категории через запятую: «fix» сравнивается с текстом после их "
                   "исправлений (по умолчанию: все)")
    add_config_options(p)
    p.set_defaults(func=cmd_eval)
