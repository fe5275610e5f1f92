"""The ``tonecoach`` command: check, rules, eval, batch, lsp, schema.

Exit codes: 0 — clean, 1 — suggestions found, 2 — usage or input error (one-line message).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

_USAGE_ERROR = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(_USAGE_ERROR, f"tonecoach: {message}\n")


def _fail(message: str) -> NoReturn:
    print(f"tonecoach: {message}", file=sys.stderr)
    raise SystemExit(_USAGE_ERROR)


def _read_text(source: str) -> str:
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
        return data.decode("utf-8")
    except FileNotFoundError:
        _fail(f"no such file: {source}")
    except IsADirectoryError:
        _fail(f"is a directory: {source}")
    except UnicodeDecodeError as exc:
        _fail(f"{source} is not UTF-8 text (byte {exc.start})")
    except OSError as exc:
        _fail(f"cannot read {source}: {exc.strerror}")


def _load_config(args: argparse.Namespace) -> Any:
    from pydantic import ValidationError

    from tonecoach.models import Config

    try:
        config = Config.from_file(args.config) if args.config else Config.discover()
    except FileNotFoundError:
        _fail(f"no such config file: {args.config}")
    except ValidationError as exc:
        err = exc.errors()[0]
        _fail(f"config: {'.'.join(map(str, err['loc']))}: {err['msg']}")
    except ValueError as exc:  # tomllib.TOMLDecodeError is a ValueError
        _fail(f"config: {exc}")
    updates: dict[str, Any] = {}
    if getattr(args, "select", None):
        updates["select"] = args.select.split(",")
    if getattr(args, "ignore", None):
        updates["ignore"] = args.ignore.split(",")
    if getattr(args, "rules", None):
        updates["rule_files"] = [*config.rule_files, *args.rules]
    if not updates:
        return config
    try:
        return Config.model_validate({**config.model_dump(), **updates})
    except ValidationError as exc:
        err = exc.errors()[0]
        _fail(f"--{err['loc'][0]}: {str(err['msg']).removeprefix('Value error, ')}")


def _make_coach(config: Any) -> Any:
    """A Coach, or a one-line error when a company rule file is bad."""
    from tonecoach.coach import Coach
    from tonecoach.errors import RuleDataError

    try:
        return Coach(config)
    except RuleDataError as exc:
        _fail(f"rules: {exc}")
    except ValueError as exc:  # an unknown code in select/ignore/severity
        _fail(f"config: {exc}")


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


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
        line, col = _line_col(result.text, s.start)
        print(f"{name}:{line}:{col}: {s.code} [{s.severity}] {s.message}", file=sys.stderr)
    return 1 if result.advice else 0


def cmd_check(args: argparse.Namespace) -> int:
    from tonecoach.errors import RulePatternTimeout, TextTooLongError

    config = _load_config(args)
    text = _read_text(args.file)
    message = _read_text(args.client_message_file) if args.client_message_file else None
    coach = _make_coach(config)
    name = "<stdin>" if args.file == "-" else args.file
    try:
        if args.fix:  # the fixed point checks the draft itself: no check before it
            return _print_fixed(coach.fix(text, client_name=args.client_name,
                                          client_message=message), name)
        report = coach.check(text, client_name=args.client_name, client_message=message)
    except (TextTooLongError, RulePatternTimeout) as exc:
        _fail(str(exc))
    if args.format == "json":
        print(report.model_dump_json(indent=2))
    else:
        for s in report.suggestions:
            line, col = _line_col(text, s.start)
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


def cmd_rules(args: argparse.Namespace) -> int:
    from tonecoach.models import Config
    from tonecoach.rulebook.book import builtin_rules

    rules = _make_coach(Config(rule_files=args.rules)).rules if args.rules else builtin_rules()
    if args.verify:
        from tonecoach.examples import verify

        coach = _make_coach(Config(rule_files=args.rules or []))
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


def cmd_eval(args: argparse.Namespace) -> int:
    from tonecoach.integrations.evaluate import evaluate, format_table, read_cases
    from tonecoach.rulebook.book import builtin_rules

    try:
        cases = read_cases(args.cases)
    except FileNotFoundError:
        _fail(f"no such file: {args.cases}")
    except ValueError as exc:
        _fail(str(exc))
    fix_categories = [c.strip() for c in args.fix_categories.split(",") if c.strip()] \
        if args.fix_categories else None
    result = evaluate(cases, _make_coach(_load_config(args)), fix_categories)
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


def _read_rows(path: Path) -> tuple[Iterator[dict[str, Any]], int | None]:
    """Rows of a JSONL, CSV or Parquet file (lazily where the format allows) and their count."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        try:
            import pandas as pd
        except ImportError:
            _fail("reading Parquet needs pandas and pyarrow: pip install 'tonecoach[batch]'")
        frame = pd.read_parquet(path)
        return ({str(k): v for k, v in r.items()} for r in frame.to_dict("records")), len(frame)
    with path.open(encoding="utf-8") as fh:
        total = sum(1 for line in fh if line.strip()) - (1 if suffix == ".csv" else 0)

    def rows() -> Iterator[dict[str, Any]]:
        with path.open(encoding="utf-8", newline="") as fh:
            if suffix == ".csv":
                yield from csv.DictReader(fh)
                return
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as exc:
                        _fail(f"{path}:{n}: not valid JSON: {exc.msg}")

    return rows(), max(total, 0)


def cmd_batch(args: argparse.Namespace) -> int:
    from collections import Counter, defaultdict, deque

    from tonecoach.integrations.batch import check_many

    try:
        from rich.console import Console
        from rich.progress import Progress
        from rich.table import Table
    except ImportError:
        _fail("tonecoach batch needs rich: pip install 'tonecoach[batch]'")
    path = Path(args.file)
    if not path.is_file():
        _fail(f"no such file: {path}")
    if path.suffix.lower() not in (".jsonl", ".csv", ".parquet"):
        _fail(f"{path}: expected a .jsonl, .csv or .parquet file")
    config = _load_config(args)
    if config.rule_files:
        _make_coach(config)  # a bad rule file: one clear line, before any worker starts
    rows, total = _read_rows(path)
    console = Console(stderr=True)
    kept: deque[dict[str, Any]] = deque()  # rows read but not yet reported: one window

    def remember(stream: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for row in stream:
            kept.append({"id": row.get("id"), "group": row.get(args.group_by)
                         if args.group_by else None})
            yield row

    by_code: Counter[str] = Counter()
    by_category: Counter[str] = Counter()
    groups: dict[Any, Counter[str]] = defaultdict(Counter)
    started = time.perf_counter()
    count = 0
    try:
        with contextlib.ExitStack() as stack, Progress(
                console=console, disable=not console.is_terminal, transient=True) as bar:
            out = (stack.enter_context(Path(args.out).open("w", encoding="utf-8"))
                   if args.out else sys.stdout)
            task = bar.add_task("Проверка", total=total)
            for report in check_many(remember(rows), config=config, n_process=args.processes,
                                     text_field=args.text_column):
                meta = kept.popleft()
                count += 1
                record = {"id": meta["id"], **json.loads(report.model_dump_json(
                    exclude={"text"}))}
                if args.group_by:
                    record["group"] = meta["group"]
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                group = groups[meta["group"]]
                group["replies"] += 1
                for s in report.suggestions:
                    by_code[s.code] += 1
                    by_category[s.category] += 1
                    group[s.category] += 1
                    group["suggestions"] += 1
                bar.advance(task)
    except TypeError as exc:
        _fail(str(exc))
    elapsed = time.perf_counter() - started
    table = Table(title=f"{count} ответов · {count / max(elapsed, 1e-9):,.0f}/с")
    table.add_column("категория")
    table.add_column("замечаний", justify="right")
    for category, n in by_category.most_common():
        table.add_row(category, str(n))
    console.print(table)
    codes = Table(title="по правилам")
    codes.add_column("код")
    codes.add_column("замечаний", justify="right")
    for code, n in sorted(by_code.items()):
        codes.add_row(code, str(n))
    console.print(codes)
    if args.group_by:
        per = Table(title=f"по {args.group_by}")
        per.add_column(args.group_by)
        per.add_column("ответов", justify="right")
        per.add_column("замечаний на ответ", justify="right")
        for name, c in sorted(groups.items(), key=lambda kv: str(kv[0])):
            per.add_row(str(name), str(c["replies"]),
                        f"{c['suggestions'] / max(c['replies'], 1):.2f}")
        console.print(per)
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


def cmd_lsp(args: argparse.Namespace) -> int:
    try:
        from tonecoach.integrations.lsp.server import main as serve
    except ImportError as exc:
        _fail(f"the language server needs pygls: pip install 'tonecoach[lsp]' ({exc})")
    serve()
    return 0


def build_parser() -> argparse.ArgumentParser:
    from tonecoach import __version__

    parser = _Parser(prog="tonecoach", description="Tone coach for support replies.")
    parser.add_argument("--version", action="version", version=f"tonecoach {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("check", help="check a draft (a file, or - for standard input)")
    p.add_argument("file", nargs="?", default="-", help="draft file, or - (default) for stdin")
    p.add_argument("--client-name", help="the client's name, e.g. «Анна Сергеевна»")
    p.add_argument("--client-message-file", help="file with what the client wrote")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--config", help="tonecoach.toml or pyproject.toml to read settings from")
    p.add_argument("--select", help="comma-separated code prefixes to enable")
    p.add_argument("--ignore", help="comma-separated code prefixes to disable")
    p.add_argument("--fix", action="store_true",
                   help="print the draft with every fix applied, re-checked until stable; "
                   "stderr lists each fix applied and the advice left")
    p.add_argument("--rules", action="append", metavar="FILE",
                   help="a company rule file (YAML); may be given more than once")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("rules", help="list every rule")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.add_argument("--rules", action="append", metavar="FILE",
                   help="also list (and validate) a company rule file")
    p.add_argument("--verify", action="store_true",
                   help="run every rule's own examples; exit 1 if any does not hold")
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("eval", help="score labelled cases (JSONL)")
    p.add_argument("cases", help="JSONL file of labelled cases")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--config", help="settings file")
    p.add_argument("--select", help="comma-separated code prefixes to enable")
    p.add_argument("--ignore", help="comma-separated code prefixes to disable")
    p.add_argument("--misses", type=int, default=20, help="how many misses to list (0: none)")
    p.add_argument("--fix-categories", metavar="LIST",
                   help="comma-separated categories whose fixes a case's «fix» is compared "
                   "after (default: all)")
    p.add_argument("--rules", action="append", metavar="FILE", help="a company rule file")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("batch", help="check many replies from a JSONL, CSV or Parquet file")
    p.add_argument("file", help="replies: .jsonl, .csv or .parquet")
    p.add_argument("--text-column", default="text", help="the column with the reply")
    p.add_argument("--out", help="write one JSON report per row here (default: stdout)")
    p.add_argument("--group-by", help="a column (operator, team) to sum figures by")
    p.add_argument("-j", "--processes", type=int, default=None,
                   help="worker processes (default: every core)")
    p.add_argument("--config", help="settings file")
    p.add_argument("--select", help="comma-separated code prefixes to enable")
    p.add_argument("--ignore", help="comma-separated code prefixes to disable")
    p.add_argument("--rules", action="append", metavar="FILE", help="a company rule file")
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser("lsp", help="run the language server over stdio (for editors)")
    p.set_defaults(func=cmd_lsp)

    p = sub.add_parser("schema", help="print the JSON Schema of a model")
    p.add_argument("model", nargs="?", choices=("report", "suggestion", "config"),
                   default="report")
    p.set_defaults(func=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``tonecoach`` command."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a directory, no permission, a full disk: one line, exit 2
        where = f"{exc.filename}: " if exc.filename else ""
        _fail(f"{where}{exc.strerror or exc}")


if __name__ == "__main__":
    raise SystemExit(main())
