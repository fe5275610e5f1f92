"""``tonecoach batch``: many replies from a CSV, JSONL, Excel or Parquet file — a JSON report
per row, each row that cannot be checked in an errors file, and a summary."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import stat
import sys
import tempfile
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from tonecoach.errors import RulePatternTimeout
from tonecoach.integrations.cli.common import (
    ROWS_SKIPPED,
    add_config_options,
    add_fail_on,
    fail,
    findings_code,
    load_config,
    make_coach,
)
from tonecoach.integrations.reading import (
    InputError,
    Row,
    Table,
    allow_cells,
    count_lines,
    open_table,
    text_problem,
    value_kind,
)
from tonecoach.integrations.wording import maybe, number
from tonecoach.models import CATEGORY_INFO

if TYPE_CHECKING:
    from tonecoach.integrations.batch import RowError

DESCRIPTION = """\
Проверяет каждый ответ из таблицы и пишет по JSON-отчёту на строку (JSON Lines).

Файл — CSV (разделитель , ; или табуляция определяется сам; ячейка в кавычках может
занимать несколько строк), TSV, JSONL, Excel .xlsx (первый лист; pip install
'tonecoach[xlsx]') или Parquet (pip install 'tonecoach[batch]'). Кодировка текстового файла
определяется по первым 64 КБ (UTF-8 с BOM и без, UTF-16/32, Windows-1251, …); --encoding
задаёт её явно.

Строку, которую нельзя проверить (битый JSON, строка — не объект, ответ пустой, null или
не текст), batch пропускает: она уходит в файл ошибок (по умолчанию — рядом с --out,
например report.errors.jsonl; без --out — по строке в stderr) с номером и причиной, и
проверка идёт дальше. Номера — с 1, как видно в файле: строка CSV и JSONL
(заголовок — строка 1, так что первый ответ — строка 2; у ответа в ячейке на несколько
строк — номер первой), строка листа Excel (заголовок — строка 1), запись Parquet.
В каждом отчёте есть "row" (и "id", если в файле есть столбец id).

--out пишется во временный файл рядом и переименовывается в конце: прерванный или
неудачный запуск оставляет старый отчёт как был (у символической ссылки заменяется файл,
на который она указывает). FIFO, устройство или /dev/stdout пишутся прямо; файл ошибок
тогда по умолчанию — stderr."""

EPILOG = """\
примеры:
  tonecoach batch chats.csv --text-column reply --out report.jsonl
      отчёты — в report.jsonl, пропущенные строки — в report.errors.jsonl
  tonecoach batch export.xlsx --group-by operator --fail-on never > report.jsonl
  tonecoach batch old.csv --encoding cp1251 --out report.jsonl --errors skipped.jsonl -j 4

коды выхода:
  0  замечаний уровня --fail-on и выше нет
  1  есть замечания уровня --fail-on и выше
  2  ошибка в аргументах или входных данных (одна строка в stderr)
  3  есть пропущенные строки (3 важнее 1)"""

CONTEXT_FIELDS = ("client_name", "client_message", "channel", "first_reply")


@dataclass
class _Tally:
    """What the summary shows and the exit code is made of."""

    checked: int = 0
    skipped: int = 0
    unread: int = 0  # reports written after the reader of --out or stdout went away
    severities: set[str] = field(default_factory=set)
    by_code: Counter[str] = field(default_factory=Counter)
    by_category: Counter[str] = field(default_factory=Counter)
    groups: defaultdict[Any, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))


def cmd_batch(args: argparse.Namespace) -> int:
    """Run ``tonecoach batch``; the exit code (see :data:`DESCRIPTION`)."""
    out = _output_path(args.out, "--out")
    errors = _output_path(args.errors, "--errors")
    if errors is None and out is not None and _replaceable(out):
        errors = _beside(out)  # beside a FIFO or /dev/stdout there is no file to put: stderr
    table = _open(args)
    for target in (out, errors):
        if target is not None and _same_file(target, table.path):
            fail(f"{target}: это входной файл; запишите отчёт в другой")
    if out is not None and errors is not None and _same_file(out, errors):
        fail(f"--errors {errors}: это файл --out; укажите другое имя")
    _require_column(table, args.text_column, "--text-column")
    if args.group_by:
        _require_column(table, args.group_by, "--group-by")
    config = load_config(args, near=table.path)
    allow_cells(config.max_text_length)  # a long reply is read, then refused by its length
    if config.rule_files:
        make_coach(config)  # a bad rule file: one clear line, before any worker starts
    started = time.perf_counter()
    try:
        tally = _run(args, table, config, out, errors)
    except InputError as exc:  # the file breaks off: nothing is written
        fail(str(exc))
    _print_summary(args, tally, time.perf_counter() - started, errors)
    if tally.skipped:
        return ROWS_SKIPPED
    return findings_code(tally.severities, args.fail_on)


def _run(args: argparse.Namespace, table: Table, config: Any, out: Path | None,
         errors: Path | None) -> _Tally:
    """Check the table's rows, writing reports and skipped rows as they come."""
    from rich.console import Console
    from rich.progress import MofNCompleteColumn, Progress

    from tonecoach.integrations.batch import RowError, check_many

    tally = _Tally()
    console = Console(stderr=True)
    with contextlib.ExitStack() as stack:
        report_fh = stack.enter_context(_output(out)) if out else sys.stdout
        error_fh = stack.enter_context(_output(errors)) if errors else None
        bar = stack.enter_context(Progress(*Progress.get_default_columns(),
                                           MofNCompleteColumn(), console=console,
                                           disable=not console.is_terminal, transient=True))
        total = _total(table) if console.is_terminal else None
        task = bar.add_task("Проверка", total=total)

        def skip(row: Row, reason: str) -> None:
            tally.skipped += 1
            bar.advance(task)
            _write_skipped(error_fh, table, row, reason)

        sink = _Sink(report_fh)
        kept: deque[tuple[Row, dict[str, Any]]] = deque()  # sent, not yet reported
        drafts = _drafts(table, args.text_column, config.max_text_length, kept, skip)
        queue: list[tuple[Row, dict[str, Any]]] = []  # to check here, one by one, first
        while True:
            again = bool(queue)
            source = _again(queue, kept) if again else drafts
            n = 1 if again else args.processes
            queue = []
            try:
                for result in check_many(source, config=config, n_process=n,
                                         on_invalid="error"):
                    row, _ = kept.popleft()
                    if isinstance(result, RowError):
                        skip(row, _row_error(result, args.text_column))
                        continue
                    record = _record(row, result, args.group_by)
                    if not sink.write(json.dumps(record, ensure_ascii=False, default=str)
                                      + "\n"):
                        tally.unread += 1
                    _count(tally, result, record.get("group"))
                    bar.advance(task)
            except RulePatternTimeout as exc:
                # Checked here, one by one, the row it was is known: it is skipped. From
                # workers it is not (a chunk fails as a whole): the rows sent are checked
                # again here, one by one. Then the others go on as before.
                if n == 1:
                    row, _ = kept.popleft()
                    skip(row, _timeout_reason(exc))
                queue = list(kept)
                kept.clear()
                continue
            if not again:
                break
        sink.flush()
    return tally


class _Sink:
    """The reports' stream. A reader that stops early (``| head``, a FIFO's reader gone)
    ends only the output: the rows are still checked and counted, so the summary (on
    stderr) and the exit code stay right — as ``tonecoach check`` does."""

    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh
        self.gone = False

    def write(self, line: str) -> bool:
        """Write ``line``; False once the reader is gone."""
        if not self.gone:
            try:
                self.fh.write(line)
            except BrokenPipeError:
                self._gone()
        return not self.gone

    def flush(self) -> None:
        if not self.gone:
            try:
                self.fh.flush()
            except BrokenPipeError:
                self._gone()

    def _gone(self) -> None:
        self.gone = True
        with contextlib.suppress(OSError, ValueError):  # later flushes (at exit) go nowhere
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.fh.fileno())
            os.close(devnull)


def _total(table: Table) -> int | None:
    """The bar's total: the format's count (Excel, Parquet) or the lines of a JSONL file;
    None for CSV — a cell may span lines, so its lines are not its rows: the bar just
    counts."""
    if table.total is not None or table.path.suffix.lower() in (".jsonl", ".ndjson"):
        return count_lines(table)
    return None


def _drafts(table: Table, column: str, limit: int, kept: deque[tuple[Row, dict[str, Any]]],
            skip: Callable[[Row, str], None]) -> Iterator[dict[str, Any]]:
    """The rows there is a reply to check, as ``check_many`` takes them (each also put in
    ``kept``); the others go to ``skip`` with the reason."""
    for row in table.rows:
        text = row.values.get(column)
        problem = row.error or _reply_problem(text, column, limit)
        if problem:
            skip(row, problem)
            continue
        draft = {"text": text, **{k: row.values[k] for k in CONTEXT_FIELDS if k in row.values}}
        kept.append((row, draft))
        yield draft


def _again(pending: list[tuple[Row, dict[str, Any]]],
           kept: deque[tuple[Row, dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    """The rows sent before a failed row, sent again (each put back in ``kept``)."""
    for row, draft in pending:
        kept.append((row, draft))
        yield draft


# What a context cell must be, in the words of the errors file
_CONTEXT_EXPECTED = {
    "channel": "нужно chat или email",
    "first_reply": "нужно да или нет (true/false, 1/0, yes/no)",
    "client_name": "нужен текст",
    "client_message": "нужен текст",
}
_TIMEOUT = re.compile(r"^(\S+): patterns\[(\d+)\] ran longer than (\d+) ms")


def _row_error(error: RowError, column: str) -> str:
    """``check_many``'s reason for a row it did not check, in Russian."""
    if error.kind == "bad_context" and error.field:
        value = error.value
        shown = f"«{value}»" if isinstance(value, str) else f"{value_kind(value)} {value!r:.40}"
        expected = _CONTEXT_EXPECTED.get(error.field, "значение не читается")
        return f"в столбце «{error.field}» {shown}: {expected}"
    return (text_problem(error.value) or "ответ не проверить") + f" в столбце «{column}»"


def _timeout_reason(exc: RulePatternTimeout) -> str:
    found = _TIMEOUT.match(str(exc))
    if found is None:
        return f"правило компании проверяло ответ слишком долго ({exc})"
    code, index, ms = found.groups()
    return (f"шаблон patterns[{index}] правила {code} проверял ответ дольше {ms} мс "
            "(pattern_timeout_ms); упростите шаблон: вложенные повторы перебирают без конца")


def _reply_problem(text: Any, column: str, limit: int) -> str | None:
    problem = text_problem(text)
    if problem and ": " in problem and not problem.startswith("не текст"):  # what to do last
        what, todo = problem.split(": ", 1)
        return f"{what} в столбце «{column}»: {todo}"
    if problem:
        return f"{problem} в столбце «{column}»"
    if len(text) > limit:
        from tonecoach.integrations.cli.output import plural

        return (f"в ответе {plural(len(text), 'символ')}, а можно не больше {limit} "
                "(max_text_length в настройках)")
    return None


def _record(row: Row, report: Any, group_by: str | None) -> dict[str, Any]:
    record: dict[str, Any] = {"row": row.number, "id": row.values.get("id")}
    if group_by:
        record["group"] = row.values.get(group_by)
    record.update(report.model_dump(mode="json", exclude={"text"}))
    return record


def _count(tally: _Tally, report: Any, group_name: Any) -> None:
    tally.checked += 1
    group = tally.groups[group_name]
    group["replies"] += 1
    for s in report.suggestions:
        tally.severities.add(s.severity)
        tally.by_code[s.code] += 1
        tally.by_category[s.category] += 1
        group["suggestions"] += 1


def _write_skipped(fh: IO[str] | None, table: Table, row: Row, reason: str) -> None:
    """A skipped row: a JSON line in the errors file, or a line on stderr without one."""
    if fh is None:
        print(f"tonecoach: {table.path}:{row.number}: строка пропущена: {reason}",
              file=sys.stderr)
        return
    record = {"row": row.number, "id": row.values.get("id"), "error": reason}
    fh.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")


# -- files ----------------------------------------------------------------------------------


def _open(args: argparse.Namespace) -> Table:
    if args.encoding and Path(args.file).suffix.lower() in (".xlsx", ".parquet"):
        print(f"tonecoach: --encoding {args.encoding} не нужна для "
              f"{Path(args.file).suffix.lower()}: у этого формата кодировка своя, "
              "она не меняется", file=sys.stderr)
    try:
        return open_table(args.file, args.encoding)
    except InputError as exc:
        fail(str(exc))


def _output_path(value: str | None, option: str) -> Path | None:
    """An output file's path, refused (one line) when its folder is missing."""
    if value is None:
        return None
    path = Path(value)
    if path.is_dir():
        fail(f"{option} {path}: это папка; укажите имя файла")
    if not path.parent.is_dir():
        fail(f"{option} {path}: нет папки {path.parent}; сначала создайте её")
    return path


def _beside(out: Path) -> Path:
    """The default errors file: ``report.jsonl`` → ``report.errors.jsonl``."""
    return out.with_name(f"{out.stem}.errors.jsonl")


def _same_file(a: Path, b: Path) -> bool:
    """Whether two spellings name one file: the same resolved path (``r.jsonl`` and
    ``$PWD/r.jsonl``, a symlink and its target) or, when both exist, the same inode (a hard
    link). Two writers on one character device (``/dev/null``) do not clash."""
    with contextlib.suppress(OSError):
        if os.path.samefile(a, b):
            return not stat.S_ISCHR(os.stat(a).st_mode)
    return a.resolve() == b.resolve()


def _replaceable(path: Path) -> bool:
    """Whether ``path`` is written through a temporary file renamed over it: a regular file
    (or a symlink to one) or a new path. A FIFO, a device, ``/dev/stdout`` are written
    directly — renaming over them would put a regular file in their place."""
    try:
        mode = os.stat(path).st_mode  # follows symlinks
    except FileNotFoundError:
        return not str(path).startswith(("/dev/", "/proc/"))
    except OSError:
        return True  # let opening it say what is wrong
    return stat.S_ISREG(mode) and not str(path).startswith(("/dev/", "/proc/"))


@contextlib.contextmanager
def _output(path: Path) -> Iterator[IO[str]]:
    """Where a report goes: a regular file is replaced only by a finished run (see
    :func:`_replacing`; a symlink's target is replaced, the link stays); a FIFO, a device or
    ``/dev/stdout`` is written as it is."""
    if not _replaceable(path):
        with open(path, "a", encoding="utf-8") as fh:  # "a": /dev/stdout of `>>` is kept
            yield fh
        return
    with _replacing(path.resolve() if path.is_symlink() else path) as fh:
        yield fh


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[IO[str]]:
    """A temporary file beside ``path``, renamed over it when the block ends well and
    removed when it does not (an error, Ctrl-C): an old file is never left half-written."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            yield fh
        os.chmod(temp, _mode_for(path))
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _mode_for(path: Path) -> int:
    """The old file's permissions, or what the umask gives a new file (mkstemp's are 0600)."""
    with contextlib.suppress(OSError):
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _require_column(table: Table, name: str, option: str) -> None:
    """Refuse (one line) a column the table does not have, naming the ones it has."""
    if name in table.columns:
        return
    if not table.columns:
        fail(f"{option} {name}: в {table.path} нет имён столбцов (в первых строках нет "
             "JSON-объекта)")
    hint = maybe(name, table.columns)
    shown = ", ".join(table.columns[:30]) + (", …" if len(table.columns) > 30 else "")
    fail(f"{option}: в {table.path} нет столбца «{name}»{hint}; столбцы: {shown}")


# -- summary --------------------------------------------------------------------------------


def _print_summary(args: argparse.Namespace, tally: _Tally, elapsed: float,
                   errors: Path | None) -> None:
    """Tables per category, per code and per group on stderr, and where skipped rows went."""
    from rich.console import Console
    from rich.table import Table as Grid

    console = Console(stderr=True, highlight=False, markup=False)
    rate = tally.checked / max(elapsed, 1e-9)
    console.print(f"проверено ответов: {number(tally.checked)} · пропущено строк: "
                  f"{number(tally.skipped)} · {elapsed:.1f} с, {number(round(rate))} в секунду",
                  soft_wrap=True)
    table = Grid("категория", "замечаний", title="по категориям")
    for category, n in tally.by_category.most_common():
        info = CATEGORY_INFO.get(category)  # type: ignore[call-overload]
        table.add_row(info.title if info else str(category), str(n))
    console.print(table)
    codes = Grid("код", "замечаний", title="по правилам")
    for code, n in sorted(tally.by_code.items()):
        codes.add_row(code, str(n))
    console.print(codes)
    if args.group_by:
        per = Grid(args.group_by, "ответов", "замечаний на ответ", title=f"по {args.group_by}")
        for name, c in sorted(tally.groups.items(), key=lambda kv: str(kv[0])):
            per.add_row(_group_name(name), str(c["replies"]),
                        f"{c['suggestions'] / max(c['replies'], 1):.2f}")
        console.print(per)
    if tally.unread:
        from tonecoach.integrations.cli.output import plural

        console.print(f"вывод закрыт раньше конца: читатель не получил "
                      f"{plural(tally.unread, 'отчёт')} (проверка и итоги — по всем строкам)",
                      soft_wrap=True)
    if tally.skipped:
        where = errors if errors else "строки выше"
        console.print(f"пропущено строк: {tally.skipped} — номера и причины: {where}",
                      soft_wrap=True)


def _group_name(value: Any) -> str:
    """A group's name in the summary: an empty cell is «(нет)», not «None»."""
    if text_problem(value) in ("нет текста (null)", "пустой текст"):  # None, NaN, blank
        return "(нет)"
    return str(value)


def _processes(value: str) -> int:
    """``-j``: a whole number of processes, 1 or more."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"нужно число процессов, а не «{value}»") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"нужно 1 или больше, а не {n}")
    return n


def add_parser(sub: Any) -> None:
    """``tonecoach batch``."""
    p = sub.add_parser("batch", help="проверить много ответов из CSV, JSONL, Excel или "
                       "Parquet", description=DESCRIPTION, epilog=EPILOG)
    p.add_argument("file", metavar="ФАЙЛ", help="ответы: .csv, .tsv, .jsonl, .xlsx или .parquet")
    p.add_argument("--text-column", default="text", metavar="СТОЛБЕЦ",
                   help="столбец с ответом")
    p.add_argument("--out", metavar="ФАЙЛ",
                   help="куда писать отчёты, по JSON-строке на строку таблицы "
                   "(по умолчанию: stdout)")
    p.add_argument("--errors", metavar="ФАЙЛ",
                   help="куда писать пропущенные строки, по JSON-строке: row, id, error "
                   "(по умолчанию: рядом с --out, ИМЯ.errors.jsonl; без --out — stderr)")
    p.add_argument("--encoding", metavar="КОДИРОВКА",
                   help="кодировка CSV или JSONL, например cp1251, utf-16 "
                   "(по умолчанию: определяется сама)")
    p.add_argument("--group-by", metavar="СТОЛБЕЦ",
                   help="столбец (оператор, команда), по которому подвести итоги")
    p.add_argument("-j", "--processes", type=_processes, default=None, metavar="ЧИСЛО",
                   help="рабочих процессов (по умолчанию: по числу ядер)")
    add_fail_on(p)
    add_config_options(p)
    p.set_defaults(func=cmd_batch)
