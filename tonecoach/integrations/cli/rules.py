"""``tonecoach rules`` (list and verify the rules) and ``tonecoach schema``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from tonecoach.integrations.cli.common import add_config_options, load_config, make_coach

RULES_DESCRIPTION = """\
Выводит список правил: встроенных и правил компании — из rule_files настроек (--config,
иначе ближайший tonecoach.toml или [tool.tonecoach] в pyproject.toml) и из --rules.
--select и --ignore сужают список.

--verify проверяет правила на их собственных примерах: текст из «fail» должен получить
замечание ровно там, где стоят [[…]] (и исправиться в свой «fix»), текст из «pass» — остаться
без замечаний; правило без примеров «fail» тоже не проходит (в сообщении — его файл).
Примеры проверяются с настройками по умолчанию и своим «config», что бы ни было в файле
настроек."""

RULES_EPILOG = """\
примеры:
  tonecoach rules
  tonecoach rules --format markdown --select TC4
  tonecoach rules --verify                       # вместе с rule_files из настроек
  tonecoach rules --verify --rules acme.yaml --select ACME

коды выхода:
  0  список выведен; с --verify — все примеры сходятся
  1  --verify: какой-то пример не сходится (каждый — строкой в stdout)
  2  ошибка в аргументах, настройках или файле правил (одна строка в stderr)"""

SCHEMA_DESCRIPTION = """\
Выводит JSON Schema модели: отчёта, который печатает «check --format json» (report), одного
замечания (suggestion) или настроек (config: ключи tonecoach.toml, их типы и значения
по умолчанию)."""

SCHEMA_EPILOG = """\
примеры:
  tonecoach schema > report.schema.json
  tonecoach schema config"""

def cmd_rules(args: argparse.Namespace) -> int:
    from tonecoach.models import Config

    config = load_config(args)
    coach = make_coach(config)
    narrow = Config.model_validate({key: getattr(args, key).split(",")
                                    for key in ("select", "ignore") if getattr(args, key)})
    rules = [r for r in coach.rules.values() if narrow.is_enabled(r.code)]
    if args.verify:
        return _verify(coach, rules, config.rule_files)
    if args.format == "json":
        print(json.dumps([{"code": r.code, "name": r.name, "category": r.category,
                           "severity": r.severity, "summary": r.summary,
                           "explanation": r.explanation.strip()}
                          for r in rules], ensure_ascii=False, indent=2))
    elif args.format == "markdown":
        print("| code | name | category | severity | what it flags |")
        print("|---|---|---|---|---|")
        for r in rules:
            print(f"| {r.code} | `{r.name}` | {r.category} | {r.severity} | {r.summary} |")
    else:
        for r in rules:
            print(f"{r.code}  {r.name:<24} {r.category:<10} {r.summary}")
    return 0


def _verify(coach: Any, rules: list[Any], rule_files: list[str]) -> int:
    """Run the rules' examples; each problem on a line (a company rule's with its file)."""
    from tonecoach.examples import verify
    from tonecoach.integrations.cli.output import plural
    from tonecoach.rulebook.company import load_company_rules

    files = {rule.code: path for path in rule_files
             for rule in load_company_rules(path).rules}
    problems = [f"{files[r.code]}: {p}" if r.code in files else p
                for r in rules for p in verify(coach, r)]
    for problem in problems:
        print(problem)
    n = sum(len(r.examples.fail) + len(r.examples.pass_) for r in rules)
    verdict = plural(len(problems), "расхождение") if problems else "все сходятся"
    print(f"{plural(len(rules), 'правило')}, {plural(n, 'пример')}: {verdict}")
    return 1 if problems else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from pydantic import BaseModel

    from tonecoach.models import Config, Report, Suggestion

    models: dict[str, type[BaseModel]] = {
        "report": Report, "suggestion": Suggestion, "config": Config,
    }
    model = models[args.model]
    print(json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2))
    return 0


def add_parsers(sub: Any) -> None:
    """``tonecoach rules`` and ``tonecoach schema``."""
    p = sub.add_parser("rules", help="список правил или проверка их примеров (--verify)",
                       description=RULES_DESCRIPTION, epilog=RULES_EPILOG)
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                   help="text — таблица для человека, json — для программ, "
                   "markdown — для документации")
    p.add_argument("--verify", action="store_true",
                   help="проверить правила на их примерах; код выхода 1, если какой-то "
                   "не сходится")
    add_config_options(p)
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("schema", help="JSON Schema отчёта, замечания или настроек",
                       description=SCHEMA_DESCRIPTION, epilog=SCHEMA_EPILOG)
    p.add_argument("model", nargs="?", choices=("report", "suggestion", "config"),
                   default="report", metavar="МОДЕЛЬ",
                   help="report — отчёт check, suggestion — одно замечание, "
                   "config — настройки")
    p.set_defaults(func=cmd_schema)
