"""``tonecoach batch``: many replies from a JSONL, CSV or Parquet file, a JSON report per
row and a summary."""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tonecoach.integrations.cli.common import add_config_options, fail, load_config, make_coach


def _read_rows(path: Path) -> tuple[Iterator[dict[str, Any]], int | None]:
    """Rows of a JSONL, CSV or Parquet file (lazily where the format allows) and their count."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        try:
            import pandas as pd
        except ImportError:
            fail("reading Parquet needs pandas and pyarrow: pip install 'tonecoach[batch]'")
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
                        fail(f"{path}:{n}: not valid JSON: {exc.msg}")

    return rows(), max(total, 0)


def cmd_batch(args: argparse.Namespace) -> int:
    from collections import Counter, defaultdict, deque

    from tonecoach.integrations.batch import check_many

    try:
        from rich.console import Console
        from rich.progress import Progress
        from rich.table import Table
    except ImportError:
        fail("tonecoach batch needs rich: pip install 'tonecoach[batch]'")
    path = Path(args.file)
    if not path.is_file():
        fail(f"no such file: {path}")
    if path.suffix.lower() not in (".jsonl", ".csv", ".parquet"):
        fail(f"{path}: expected a .jsonl, .csv or .parquet file")
    config = load_config(args)
    if config.rule_files:
        make_coach(config)  # a bad rule file: one clear line, before any worker starts
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
        fail(str(exc))
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


def add_parser(sub: Any) -> None:
    """``tonecoach batch``."""
    p = sub.add_parser("batch", help="check many replies from a JSONL, CSV or Parquet file")
    p.add_argument("file", help="replies: .jsonl, .csv or .parquet")
    p.add_argument("--text-column", default="text", help="the column with the reply")
    p.add_argument("--out", help="write one JSON report per row here (default: stdout)")
    p.add_argument("--group-by", help="a column (operator, team) to sum figures by")
    p.add_argument("-j", "--processes", type=int, default=None,
                   help="worker processes (default: every core)")
    add_config_options(p)
    p.set_defaults(func=cmd_batch)
