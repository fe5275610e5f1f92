"""``tonecoach eval``: score labelled cases."""

from __future__ import annotations

import argparse
import json
from typing import Any

from tonecoach.integrations.cli.common import add_config_options, fail, load_config, make_coach


def cmd_eval(args: argparse.Namespace) -> int:
    from tonecoach.integrations.evaluate import evaluate, format_table, read_cases
    from tonecoach.rulebook.book import builtin_rules

    try:
        cases = read_cases(args.cases)
    except FileNotFoundError:
        fail(f"no such file: {args.cases}")
    except ValueError as exc:
        fail(str(exc))
    fix_categories = [c.strip() for c in args.fix_categories.split(",") if c.strip()] \
        if args.fix_categories else None
    result = evaluate(cases, make_coach(load_config(args)), fix_categories)
    if args.format == "json":
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return 0
    implemented = {r.category for r in builtin_rules().values()}
    print(format_table(result, implemented))
    shown = [m for m in result.misses if m.category in implemented]
    if shown and args.misses:
        print("\nmisses:")
        for m in shown[: args.misses]:
            kind = "missed" if m.expected else "false alarm"
            print(f"  {m.case_id} {m.category} {kind}: {m.text[:90]}")
            for g in m.got:
                print(f"      got {g}")
    if result.fix_misses and args.misses:
        print("\nfixes that differ:")
        for case_id, expected, got in result.fix_misses[: args.misses]:
            print(f"  {case_id}\n    want: {expected}\n    got:  {got}")
    return 0


def add_parser(sub: Any) -> None:
    """``tonecoach eval``."""
    p = sub.add_parser("eval", help="score labelled cases (JSONL)")
    p.add_argument("cases", help="JSONL file of labelled cases")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--misses", type=int, default=20, help="how many misses to list (0: none)")
    p.add_argument("--fix-categories", metavar="LIST",
                   help="comma-separated categories whose fixes a case's «fix» is compared "
                   "after (default: all)")
    add_config_options(p)
    p.set_defaults(func=cmd_eval)
