"""``tonecoach eval``: score labelled cases."""

from __future__ import annotations

import argparse
import difflib
import json
from typing import Any

from tonecoach.integrations.cli.common import add_config_options, fail, load_config, make_coach

DESCRIPTION = """\
Score the rules on labelled cases: precision and recall per category, exact-fix accuracy and
the misses.

A case is one JSON object a line: "text", optional "id", "client_name", "client_message",
"expect" ({"formality": true, "empathy": false, ...}: the categories are formality,
empathy, apology, brevity, name, etiquette) and an optional "fix" (the text after the fixes
of --fix-categories are applied to the fixed point). The file's encoding is detected unless
--encoding gives it. A bad line (broken JSON, no "text", an unknown category) stops the run
with one line naming the file and the line, exit 2; otherwise the exit code is 0."""

EPILOG = """\
examples:
  tonecoach eval cases.jsonl
  tonecoach eval cases.jsonl --format json --misses 0 > scores.json
  tonecoach eval cases.jsonl --fix-categories formality,name"""


def cmd_eval(args: argparse.Namespace) -> int:
    from tonecoach.integrations.evaluate import evaluate, format_table, read_cases
    from tonecoach.integrations.reading import InputError
    from tonecoach.rulebook.book import builtin_rules

    try:
        cases = read_cases(args.cases, args.encoding)
    except InputError as exc:
        fail(str(exc))
    fix_categories = _categories(args.fix_categories) if args.fix_categories else None
    result = evaluate(cases, make_coach(load_config(args, near=args.cases)), fix_categories)
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


def _categories(value: str) -> list[str]:
    """``--fix-categories``: known categories only (a typo is one line, exit 2)."""
    from tonecoach.models import CATEGORIES

    chosen = [c.strip() for c in value.split(",") if c.strip()]
    for category in chosen:
        if category not in CATEGORIES:
            close = difflib.get_close_matches(category, CATEGORIES, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            fail(f"--fix-categories: unknown category {category!r}{hint}; the categories "
                 f"are {', '.join(CATEGORIES)}")
    return chosen


def add_parser(sub: Any) -> None:
    """``tonecoach eval``."""
    p = sub.add_parser("eval", help="score labelled cases (JSONL)", description=DESCRIPTION,
                       epilog=EPILOG)
    p.add_argument("cases", help="JSONL file of labelled cases")
    p.add_argument("--encoding", metavar="NAME",
                   help="the file's encoding, e.g. cp1251 (default: detected)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="a table to read, or JSON for a script")
    p.add_argument("--misses", type=int, default=20, help="how many misses to list (0: none)")
    p.add_argument("--fix-categories", metavar="LIST",
                   help="comma-separated categories whose fixes a case's «fix» is compared "
                   "after (default: all)")
    add_config_options(p)
    p.set_defaults(func=cmd_eval)
