"""``tonecoach rules`` (list and verify the rules) and ``tonecoach schema``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from tonecoach.integrations.cli.common import make_coach


def cmd_rules(args: argparse.Namespace) -> int:
    from tonecoach.models import Config
    from tonecoach.rulebook.book import builtin_rules

    rules = make_coach(Config(rule_files=args.rules)).rules if args.rules else builtin_rules()
    if args.verify:
        from tonecoach.examples import verify

        coach = make_coach(Config(rule_files=args.rules or []))
        problems = [p for rule in rules.values() for p in verify(coach, rule)]
        for problem in problems:
            print(problem)
        n = sum(len(r.examples.fail) + len(r.examples.pass_) for r in rules.values())
        print(f"{n} examples of {len(rules)} rules: "
              f"{'all hold' if not problems else f'{len(problems)} do not hold'}")
        return 1 if problems else 0
    if args.format == "json":
        print(json.dumps([{"code": r.code, "name": r.name, "category": r.category,
                           "severity": r.severity, "summary": r.summary,
                           "explanation": r.explanation.strip()}
                          for r in rules.values()], ensure_ascii=False, indent=2))
    elif args.format == "markdown":
        print("| code | name | category | severity | what it flags |")
        print("|---|---|---|---|---|")
        for r in rules.values():
            print(f"| {r.code} | `{r.name}` | {r.category} | {r.severity} | {r.summary} |")
    else:
        for r in rules.values():
            print(f"{r.code}  {r.name:<24} {r.category:<10} {r.summary}")
    return 0


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
    p = sub.add_parser("rules", help="list every rule")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.add_argument("--rules", action="append", metavar="FILE",
                   help="also list (and validate) a company rule file")
    p.add_argument("--verify", action="store_true",
                   help="run every rule's own examples; exit 1 if any does not hold")
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("schema", help="print the JSON Schema of a model")
    p.add_argument("model", nargs="?", choices=("report", "suggestion", "config"),
                   default="report")
    p.set_defaults(func=cmd_schema)
