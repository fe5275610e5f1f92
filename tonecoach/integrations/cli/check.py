"""``tonecoach check``: one draft, its suggestions (or ``--fix``: the fixed draft)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tonecoach.integrations.cli.common import (
    add_config_options,
    fail,
    line_col,
    load_config,
    make_coach,
    read_text,
)


def _print_fixed(result: Any, name: str) -> int:
    """``check --fix``: the fixed text on stdout; each fix applied and the advice left (at
    its place in the fixed text) on stderr; 1 while advice is left."""
    sys.stdout.write(result.text)
    for a in result.applied:
        before, after = a.before.strip(), a.after.strip()
        what = (f"«{before}» → «{after}»" if before and after
                else f"вставлено «{after}»" if after else f"убрано «{before}»")
        print(f"{name}: исправлено {a.code}: {what}", file=sys.stderr)
    for s in result.advice:
        line, col = line_col(result.text, s.start)
        print(f"{name}:{line}:{col}: {s.code} [{s.severity}] {s.message}", file=sys.stderr)
    return 1 if result.advice else 0


def cmd_check(args: argparse.Namespace) -> int:
    from tonecoach.errors import RulePatternTimeout, TextTooLongError

    config = load_config(args)
    text = read_text(args.file)
    message = read_text(args.client_message_file) if args.client_message_file else None
    coach = make_coach(config)
    name = "<stdin>" if args.file == "-" else args.file
    try:
        if args.fix:  # the fixed point checks the draft itself: no check before it
            return _print_fixed(coach.fix(text, client_name=args.client_name,
                                          client_message=message), name)
        report = coach.check(text, client_name=args.client_name, client_message=message)
    except (TextTooLongError, RulePatternTimeout) as exc:
        fail(str(exc))
    if args.format == "json":
        print(report.model_dump_json(indent=2))
    else:
        for s in report.suggestions:
            line, col = line_col(text, s.start)
            print(f"{name}:{line}:{col}: {s.code} [{s.severity}] {s.message}")
            fragment = text[s.start:s.end]
            if s.replacements and s.start == s.end:
                print(f"    вставить: «{s.replacements[0].strip()}»")
            elif s.replacements:
                print(f"    «{fragment.strip()}» → «{s.replacements[0].strip()}»")
        if report.signals is not None and (report.signals.needs_care or report.signals.fault):
            print(_describe_signals(report.signals), file=sys.stderr)
        count = len(report.suggestions)
        print("Замечаний нет." if not count else f"Замечаний: {count}.", file=sys.stderr)
    return 1 if report.suggestions else 0


def _describe_signals(signals: Any) -> str:
    """One line on what the client's message tells, for the text output."""
    parts = []
    for label, found in (("расстроен", signals.upset), ("в беде", signals.trouble),
                         ("вина компании", signals.fault)):
        if found:
            parts.append(f"{label} ({', '.join(f'«{f}»' for f in found[:3])})")
    return f"Клиент: {'; '.join(parts)}; ситуация: {signals.situation}."


def add_parser(sub: Any) -> None:
    """``tonecoach check``."""
    p = sub.add_parser("check", help="check a draft (a file, or - for standard input)")
    p.add_argument("file", nargs="?", default="-", help="draft file, or - (default) for stdin")
    p.add_argument("--client-name", help="the client's name, e.g. «Анна Сергеевна»")
    p.add_argument("--client-message-file", help="file with what the client wrote")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--fix", action="store_true",
                   help="print the draft with every fix applied, re-checked until stable; "
                   "stderr lists each fix applied and the advice left")
    add_config_options(p)
    p.set_defaults(func=cmd_check)
