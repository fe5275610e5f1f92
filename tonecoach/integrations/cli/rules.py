"""``tonecoach rules`` (list and verify the rules) and ``tonecoach schema``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from tonecoach.integrations.cli.common import add_config_options, load_config, make_coach

RULES_DESCRIPTION = """\
List every rule: the built-in ones and the company's own, from the rule_files of the config
(--config, else the nearest tonecoach.toml or [tool.tonecoach] in pyproject.toml) and --rules.
--select and --ignore narrow the list.

--verify runs each rule's own examples: a «fail» text must be flagged exactly where [[…]]
marks it (and fixed to its «fix»), a «pass» text must stay clean; a rule with no «fail»
example fails too, named with its file. Examples run with the default settings plus their
own «config», whatever the config file says. Exit 1 when anything does not hold, 2 on a bad
config or rule file."""

RULES_EPILOG = """\
examples:
  tonecoach rules
  tonecoach rules --format markdown --select TC4
  tonecoach rules --verify                       # the config's rule_files too
  tonecoach rules --verify --rules acme.yaml --select ACME"""

SCHEMA_DESCRIPTION = """\
Print the JSON Schema of a model: the report «check --format json» prints, one suggestion,
or the config (tonecoach.toml's keys, their types and defaults)."""

SCHEMA_EPILOG = """\
examples:
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
    from tonecoach.rulebook.company import load_company_rules

    files = {rule.code: path for path in rule_files
             for rule in load_company_rules(path).rules}
    problems = [f"{files[r.code]}: {p}" if r.code in files else p
                for r in rules for p in verify(coach, r)]
    for problem in problems:
        print(problem)
    n = sum(len(r.examples.fail) + len(r.examples.pass_) for r in rules)
    print(f"{n} examples of {len(rules)} rules: "
          f"{'all hold' if not problems else f'{len(problems)} do not hold'}")
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
    p = sub.add_parser("rules", help="list the rules, or run their examples (--verify)",
                       description=RULES_DESCRIPTION, epilog=RULES_EPILOG)
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                   help="a table to read, JSON for a script, or Markdown for docs")
    p.add_argument("--verify", action="store_true",
                   help="run every rule's own examples; exit 1 if any does not hold")
    add_config_options(p)
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("schema", help="print the JSON Schema of a model",
                       description=SCHEMA_DESCRIPTION, epilog=SCHEMA_EPILOG)
    p.add_argument("model", nargs="?", choices=("report", "suggestion", "config"),
                   default="report", help="which model")
    p.set_defaults(func=cmd_schema)
