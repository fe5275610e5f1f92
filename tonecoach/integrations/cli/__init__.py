"""The ``tonecoach`` command: check, rules, eval, batch, lsp, serve, schema — one module
each (``lsp`` and ``serve`` are the editors' and the HTTP clients' servers).

Exit codes: 0 — clean, 1 — suggestions at or above ``--fail-on``, 2 — usage or input error
(one-line message), 3 — a batch finished with skipped rows.
"""

from __future__ import annotations

import argparse

from tonecoach.integrations.cli import batch, check, evaluate, lsp, rules, serve
from tonecoach.integrations.cli.common import ARGPARSE_RU, Parser, fail

DESCRIPTION = """\
Проверяет тон черновиков ответов в поддержке: обращение на «вы», сочувствие, извинение,
краткость, имя клиента, этикет — и предлагает исправления. Работает без сети.
Подробнее о команде: tonecoach КОМАНДА --help."""

EPILOG = """\
примеры:
  tonecoach check draft.txt
  tonecoach check 'drafts/**/*.txt' --fail-on error
  tonecoach check draft.txt --fix > fixed.txt
  tonecoach rules

коды выхода: 0 — замечаний нет, 1 — есть замечания уровня --fail-on и выше,
2 — ошибка в аргументах или входных данных, 3 — batch пропустил строки."""


def build_parser() -> argparse.ArgumentParser:
    """The parser of every subcommand."""
    from tonecoach import __version__

    parser = Parser(prog="tonecoach", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"tonecoach {__version__}",
                        help=ARGPARSE_RU["show program's version number and exit"])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser,
                                title="команды", metavar="КОМАНДА")
    check.add_parser(sub)
    rules.add_parsers(sub)
    evaluate.add_parser(sub)
    batch.add_parser(sub)
    lsp.add_parsers(sub)
    serve.add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``tonecoach`` command."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # rules, schema, eval | head: the reader has what it wanted
        _quiet_stdout()  # so the flush at exit does not fail again
        return 0
    except OSError as exc:  # a directory, no permission, a full disk: one line, exit 2
        where = f"{exc.filename}: " if exc.filename else ""
        fail(f"{where}{exc.strerror or exc}")


def _quiet_stdout() -> None:
    """Point stdout at the null device (``check`` and ``batch`` handle a closed pipe
    themselves: they go on and keep their exit code)."""
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # pragma: no cover - a stdout without a descriptor
        pass


if __name__ == "__main__":
    raise SystemExit(main())
