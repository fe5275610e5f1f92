"""What every subcommand shares: the parser that exits 2, one-line failures, reading a
draft, loading the config and building the coach."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, NoReturn

CLEAN, FINDINGS, USAGE_ERROR, ROWS_SKIPPED = 0, 1, 2, 3


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter,
                    argparse.RawDescriptionHelpFormatter):
    """``--help`` shows each option's default (when it has one) and keeps the examples'
    line breaks."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default in (None, False, argparse.SUPPRESS) or action.help is None:
            return action.help
        return super()._get_help_string(action)


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line and exit 2, and whose ``--help``
    shows defaults and keeps the description's and examples' line breaks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"tonecoach: {message}\n")


def fail(message: str) -> NoReturn:
    """Print one line on stderr and exit 2 (usage or input error)."""
    print(f"tonecoach: {message}", file=sys.stderr)
    raise SystemExit(USAGE_ERROR)


def read_text(source: str, encoding: str | None = None) -> str:
    """A draft from a file, or from standard input for ``-``: the encoding detected (BOM,
    UTF-8, Windows-1251, UTF-16 without BOM, …) unless ``encoding`` forces one; a file that
    cannot be read is one line and exit 2."""
    from tonecoach.integrations.reading import InputError, decode
    from tonecoach.integrations.reading import read_text as read_file

    try:
        if source == "-":
            return decode(sys.stdin.buffer.read(), "<stdin>", encoding)
        return read_file(source, encoding)
    except InputError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot read {source}: {exc.strerror or exc}")


def add_config_options(p: argparse.ArgumentParser) -> None:
    """``--config``, ``--select``, ``--ignore`` and ``--rules``: the same on every subcommand."""
    p.add_argument("--config", help="tonecoach.toml or pyproject.toml to read settings from")
    p.add_argument("--select", help="comma-separated code prefixes to enable")
    p.add_argument("--ignore", help="comma-separated code prefixes to disable")
    p.add_argument("--rules", action="append", metavar="FILE",
                   help="a company rule file (YAML); may be given more than once")


def add_fail_on(p: argparse.ArgumentParser) -> None:
    """``--fail-on``: the lowest severity that makes the exit code 1."""
    p.add_argument("--fail-on", choices=("error", "warning", "info", "never"),
                   default="warning",
                   help="код выхода 1, если есть замечание этой важности или выше "
                   "(info — любое замечание; never — всегда 0)")


_RANK = {"info": 0, "warning": 1, "error": 2}


def findings_code(severities: Any, fail_on: str) -> int:
    """1 when any of ``severities`` is at or above ``fail_on``, else 0."""
    if fail_on == "never":
        return CLEAN
    floor = _RANK[fail_on]
    return FINDINGS if any(_RANK[s] >= floor for s in severities) else CLEAN


def load_config(args: argparse.Namespace, near: str | Path | None = None) -> Any:
    """The config from ``--config`` (or the one discovered from ``near``, the checked file or
    its folder, upwards; the working directory without it), with the command-line options
    laid over it. A bad config is one line naming the file and every problem, exit 2."""
    from pydantic import ValidationError

    from tonecoach.models import Config

    try:
        if args.config:
            config = Config.from_file(args.config)
        else:
            config = Config.discover(near if near is not None else Path.cwd())
    except FileNotFoundError:
        fail(f"no such config file: {args.config}")
    except ValidationError as exc:  # a ConfigError: names the file, lists every problem
        fail(str(exc))
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
        options = Config.model_validate(updates)
    except ValidationError as exc:
        flags = {"rule_files": "rules"}
        fail("; ".join(f"--{flags.get(str(e['loc'][0]), e['loc'][0])}: {e['msg']}"
                       for e in exc.errors()))
    if "select" in updates or "ignore" in updates:  # no longer the file's alone
        return Config.model_validate({**config.model_dump(), **updates})
    return config.model_copy(update={key: getattr(options, key) for key in updates})


def make_coach(config: Any) -> Any:
    """A Coach, or a one-line error when a company rule file is bad or a code in ``select``,
    ``ignore`` or ``severity`` names no rule."""
    from pydantic import ValidationError

    from tonecoach.coach import Coach
    from tonecoach.errors import RuleDataError

    try:
        return Coach(config)
    except RuleDataError as exc:
        fail(f"rules: {exc}")
    except ValidationError as exc:  # a ConfigError: where it came from, every unknown code
        fail(str(exc))
    except ValueError as exc:
        fail(f"config: {exc}")


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col
