"""``tonecoach check``: drafts (files, globs or standard input) and their suggestions, or
``--fix``: the fixed draft."""

from __future__ import annotations

import argparse
import codecs
import glob
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from tonecoach.integrations.cli.common import (
    USAGE_ERROR,
    add_config_options,
    add_fail_on,
    fail,
    findings_code,
    load_config,
    make_coach,
    read_text,
)

STDIN = "-"
GLOB_CHARS = frozenset("*?[")


class Draft(NamedTuple):
    """One draft to check: the name shown, its text and the coach its config makes."""

    name: str
    text: str
    coach: Any


def expand(sources: list[str]) -> list[str]:
    """Files and globs → the files, in the order given, each once; ``*``, ``?``, ``[…]``
    and ``**`` (any depth) are expanded here for shells that do not (Windows). Fails fast,
    before anything is checked, on a missing file, a folder or a glob matching nothing."""
    found: dict[str, str] = {}
    for source in sources or [STDIN]:
        if source == STDIN:
            found.setdefault(STDIN, STDIN)
            continue
        path = Path(source)
        if not path.exists() and GLOB_CHARS & set(source):
            matches = sorted(m for m in glob.glob(source, recursive=True) if Path(m).is_file())
            if not matches:
                fail(f"нет файлов по шаблону: {source}")
        elif path.is_dir():
            fail(f"{source} — папка; укажите файлы или шаблон, например "
                 f"'{Path(source, '**', '*.txt')}'")
        elif not path.exists():
            fail(f"нет такого файла: {source}")
        else:
            matches = [source]
        for match in matches:
            found.setdefault(os.path.realpath(match), match)
    return list(found.values())


def _read(source: str, encoding: str | None) -> str:
    """A draft's text; on a terminal, standard input first says how to end it."""
    if source == STDIN and sys.stdin.isatty():
        end = "Ctrl-Z, затем Enter" if os.name == "nt" else "Ctrl-D"
        print(f"tonecoach: введите текст черновика и нажмите {end} "
              "(или: tonecoach check ФАЙЛ…)", file=sys.stderr)
    return read_text(source, encoding)


def _drafts(args: argparse.Namespace, sources: list[str]) -> list[Draft]:
    """Every draft read, with its own config (found from its folder upwards) and a coach
    per distinct config: all input errors come before any output."""
    configs: dict[str, Any] = {}
    coaches: dict[str, Any] = {}
    drafts = []
    for source in sources:
        folder = "" if source == STDIN else os.path.dirname(os.path.realpath(source))
        if folder not in configs:
            configs[folder] = load_config(args, near=folder or None)
        key = configs[folder].model_dump_json()
        if key not in coaches:
            coaches[key] = make_coach(configs[folder])
        name = "<stdin>" if source == STDIN else source
        drafts.append(Draft(name, _read(source, args.encoding), coaches[key]))
    return drafts


def _context(args: argparse.Namespace) -> Any:
    """The conversation around the drafts, from the options."""
    from tonecoach.models import Context

    message = (read_text(args.client_message_file, args.encoding)
               if args.client_message_file else None)
    return Context(client_name=args.client_name, client_message=message,
                   channel=args.channel, first_reply=args.first_reply, sent_at=args.sent_at)


def cmd_check(args: argparse.Namespace) -> int:
    from tonecoach.errors import RulePatternTimeout, TextTooLongError

    sources = expand(args.files)
    if args.fix and len(sources) > 1:
        fail("--fix исправляет один черновик за раз")
    context = _context(args)
    drafts = _drafts(args, sources)
    try:
        if args.fix:  # the fixed point checks the draft itself: no check before it
            draft = drafts[0]
            return _print_fixed(draft.coach.fix(draft.text, context=context), draft.name,
                                args)
        reports = [d.coach.check(d.text, context=context) for d in drafts]
    except (TextTooLongError, RulePatternTimeout) as exc:
        fail(str(exc))
    severities = [s.severity for r in reports for s in r.suggestions]
    if args.format == "json":
        _print_json(args.files, drafts, reports)
    else:
        _print_text(drafts, reports, sources != [STDIN])
    return findings_code(severities, args.fail_on)


def _print_json(given: list[str], drafts: list[Draft], reports: list[Any]) -> None:
    """One file (or ``-``) named on the command line: its Report, as always; several or a
    glob: a list of ``{"file": …, "report": …}`` (the shape follows the command, not what
    the glob happened to match)."""
    if len(given) <= 1 and not any(GLOB_CHARS & set(g) and not Path(g).exists()
                                   for g in given):
        print(reports[0].model_dump_json(indent=2))
        return
    import json

    print(json.dumps([{"file": d.name, "report": r.model_dump(mode="json")}
                      for d, r in zip(drafts, reports, strict=True)],
                     ensure_ascii=False, indent=2))


def _print_text(drafts: list[Draft], reports: list[Any], count_files: bool) -> None:
    """Each suggestion with its source line on stdout; the client's signals and the
    summary on stderr."""
    from tonecoach.integrations.cli.output import (
        describe_signals,
        make_console,
        render_suggestion,
        summary,
    )

    out, err = make_console(sys.stdout), make_console(sys.stderr)
    for draft, report in zip(drafts, reports, strict=True):
        for s in report.suggestions:
            render_suggestion(out, draft.name, draft.text, s)
    signals = reports[0].signals if reports else None
    if signals is not None and (signals.needs_care or signals.fault):
        err.print(describe_signals(signals))
    severities = [s.severity for r in reports for s in r.suggestions]
    err.print(summary(severities, len(drafts) if count_files else None))


def _print_fixed(result: Any, name: str, args: argparse.Namespace) -> int:
    """``check --fix``: the fixed text on stdout (or, with ``--format json``, the whole
    FixResult); each fix applied and the advice left (at its place in the fixed text) on
    stderr; 1 while advice at or above ``--fail-on`` is left."""
    from tonecoach.integrations.cli.output import (
        fix_summary,
        make_console,
        render_applied,
        render_suggestion,
    )

    if args.format == "json":
        print(result.model_dump_json(indent=2))
    else:
        sys.stdout.write(result.text)
        sys.stdout.flush()
        err = make_console(sys.stderr)
        render_applied(err, name, result.applied)
        for s in result.advice:
            render_suggestion(err, name, result.text, s)
        err.print(fix_summary(len(result.applied), [s.severity for s in result.advice]))
    return findings_code([s.severity for s in result.advice], args.fail_on)


def sent_at(value: str) -> datetime:
    """``--sent-at``: an ISO 8601 date and time, the client's local time."""
    try:
        if ":" in value:
            return datetime.fromisoformat(value)
    except ValueError:
        pass
    fail(f"--sent-at: нужны дата и время ISO 8601, например 2026-11-25T23:40, а не «{value}»")


def encoding(value: str) -> str:
    """``--encoding``: a codec Python knows."""
    try:
        return codecs.lookup(value).name
    except LookupError:
        fail(f"--encoding: неизвестная кодировка «{value}» (например: utf-8, cp1251, utf-16)")


DESCRIPTION = """\
Проверяет черновики ответов клиентам: обращение на «вы», сочувствие, извинение, краткость,
имя клиента, этикет. Для каждого замечания: файл:строка:столбец: КОД [важность] текст,
строка черновика с подчёркнутым фрагментом и исправление рядом; в конце — итог.
Цвет — только в терминале (NO_COLOR отключает, FORCE_COLOR включает)."""

EPILOG = f"""\
примеры:
  tonecoach check draft.txt
  tonecoach check a.txt b.txt 'drafts/**/*.txt' --fail-on error
  tonecoach check - --client-name "Анна Сергеевна" --client-message-file client.txt < draft.txt
  tonecoach check reply.txt --first-reply --sent-at 2026-11-25T23:40 --channel email
  tonecoach check draft.txt --fix > fixed.txt

Шаблоны (*, ?, […], ** — на любой глубине) раскрываются и без помощи оболочки. Если файла
нет или шаблон ничего не нашёл, не проверяется ничего: одна строка в stderr, код 2.
Настройки (tonecoach.toml или [tool.tonecoach] в pyproject.toml) ищутся для каждого файла
от его папки вверх; --config задаёт один файл настроек для всех.
Без файлов читается стандартный ввод (в терминале — с подсказкой, как закончить ввод).

--format json: для одного файла (или -) — отчёт (tonecoach schema report); для нескольких
файлов или шаблона — список [{{"file": …, "report": …}}]. С --fix — результат исправления.

коды выхода:
  0  замечаний уровня --fail-on и выше нет
  1  есть замечания уровня --fail-on и выше (с --fix — в оставшихся советах)
  {USAGE_ERROR}  ошибка в аргументах, файлах или настройках (одна строка в stderr)"""


def add_parser(sub: Any) -> None:
    """``tonecoach check``."""
    p = sub.add_parser("check", help="проверить черновики (файлы, шаблоны или stdin)",
                       description=DESCRIPTION, epilog=EPILOG)
    p.add_argument("files", nargs="*", metavar="ФАЙЛ",
                   help="черновик, шаблон ('drafts/*.txt') или - для stdin (по умолчанию)")
    p.add_argument("--client-name", metavar="ИМЯ", help="имя клиента, например «Анна Сергеевна»")
    p.add_argument("--client-message-file", metavar="ФАЙЛ",
                   help="файл с сообщением клиента (настроение, вина компании, ситуация)")
    p.add_argument("--first-reply", action="store_true",
                   help="первый ответ в разговоре: нужны приветствие и завершение")
    p.add_argument("--sent-at", type=sent_at, metavar="ISO",
                   help="когда уходит ответ, по местному времени клиента "
                   "(2026-11-25T23:40): приветствие по времени суток")
    p.add_argument("--channel", choices=("chat", "email"),
                   help="канал ответа и его порог длины (по умолчанию — из настроек: chat)")
    p.add_argument("--encoding", type=encoding, metavar="КОДИРОВКА",
                   help="кодировка файлов (черновиков и --client-message-file), "
                   "если определяется неверно")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text — для человека, json — для программ")
    p.add_argument("--fix", action="store_true",
                   help="вывести черновик со всеми исправлениями (до устойчивого результата); "
                   "в stderr — что исправлено и какие советы остались")
    add_fail_on(p)
    add_config_options(p)
    p.set_defaults(func=cmd_check)
