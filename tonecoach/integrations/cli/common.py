"""What every subcommand shares: the parser that speaks Russian and exits 2, one-line
failures, reading a draft, loading the config and building the coach."""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

CLEAN, FINDINGS, USAGE_ERROR, ROWS_SKIPPED = 0, 1, 2, 3

#: argparse's own words, keyed by the strings it hands to gettext (as CPython's argparse.py
#: spells them), and what tonecoach's users read instead. A gettext catalog cannot carry
#: them: argparse asks the process-wide default domain, found by LANG/LANGUAGE, so a
#: catalog would change every gettext user's words and still depend on the user's locale.
#: :class:`Parser` and :class:`HelpFormatter` put them in at argparse's hooks instead:
#: the usage prefix, the group titles, ``-h``'s help, the default's suffix, and each usage
#: error (:func:`translate`). Placeholders: ``%(value)r`` arrives as «value», choices
#: without quotes; a message not listed here (a newer Python's) stays as argparse made it.
ARGPARSE_RU: dict[str, str] = {
    # --help
    "usage: ": "использование: ",
    "positional arguments": "аргументы",
    "options": "параметры",
    "show this help message and exit": "показать эту справку и выйти",
    "show program's version number and exit": "показать версию и выйти",
    " (default: %(default)s)": " (по умолчанию: %(default)s)",
    # usage errors: one without placeholders is looked up as it is, the others matched
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "недопустимое значение «%(value)s» (можно: %(choices)s)",
    "invalid %(type)s value: %(value)r": "недопустимое значение «%(value)s» (нужно: %(type)s)",
    "the following arguments are required: %s": "не указаны обязательные аргументы: %s",
    "unrecognized arguments: %s": "неизвестные аргументы: %s",
    "ambiguous option: %(option)s could match %(matches)s":
        "неоднозначный параметр %(option)s: подходят %(matches)s",
    "ignored explicit argument %r": "у параметра нет значения, а дано «%s»",
    "not allowed with argument %s": "нельзя вместе с %s",
    "one of the arguments %s is required": "нужен один из аргументов: %s",
    "expected one argument": "нужно значение",
    "expected at most one argument": "нужно не больше одного значения",
    "expected at least one argument": "нужно хотя бы одно значение",
    "expected %s argument": "нужно значений: %s",
    "expected %s arguments": "нужно значений: %s",
}

_TYPE_NAMES = {"int": "целое число", "float": "число"}
_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?([sr])")


def _pattern(msgid: str) -> re.Pattern[str]:
    """What argparse makes of ``msgid``: each placeholder a group named ``NAME_CONV``
    (``p0_s`` for a bare ``%s``)."""
    parts, start, bare = [], 0, 0
    for m in _PLACEHOLDER.finditer(msgid):
        name = m.group(1) or f"p{bare}"
        bare += m.group(1) is None
        parts += [re.escape(msgid[start:m.start()]), f"(?P<{name}_{m.group(2)}>.*?)"]
        start = m.end()
    return re.compile("".join([*parts, re.escape(msgid[start:])]), re.DOTALL)


_DEFAULT = " (default: %(default)s)"
_ERRORS = [(_pattern(msgid), ru) for msgid, ru in ARGPARSE_RU.items()
           if "%" in msgid and msgid != _DEFAULT]


def _plain(name: str, conversion: str, text: str) -> str:
    """A value argparse put in a message, as the Russian one shows it."""
    if name == "message":
        return translate(text)
    if name == "type":
        return _TYPE_NAMES.get(text, text)
    try:
        if conversion == "r":  # 'bogus' → bogus
            value = ast.literal_eval(text)
            return value if isinstance(value, str) else text
        if name == "choices":  # 'error', 'warning' → error, warning
            return ", ".join(str(c) for c in ast.literal_eval(f"[{text}]"))
    except (ValueError, SyntaxError):
        pass
    return text


def translate(message: str) -> str:
    """An argparse usage error in Russian, by :data:`ARGPARSE_RU` (our own messages, such
    as an ``ArgumentTypeError``'s, are Russian already and come through as they are)."""
    if message in ARGPARSE_RU:
        return ARGPARSE_RU[message]
    for pattern, ru in _ERRORS:
        match = pattern.fullmatch(message)
        if match is None:
            continue
        values: dict[str, str] = {}
        for key, text in match.groupdict().items():
            name, _, conversion = key.rpartition("_")
            values[name] = _plain(name, conversion, text)
        bare = tuple(v for k, v in values.items() if re.fullmatch(r"p\d+", k))
        return ru % bare if bare else ru % values
    return message


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """``--help`` in Russian (:data:`ARGPARSE_RU`): shows each option's default (when it
    has one) and keeps the description's and examples' line breaks."""

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[Any], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups,
                          ARGPARSE_RU["usage: "] if prefix is None else prefix)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        """ArgumentDefaultsHelpFormatter's rule, in Russian; no suffix for no default."""
        help_ = action.help
        if (help_ is None or action.default in (None, False, argparse.SUPPRESS)
                or "%(default)" in help_):
            return help_
        if action.option_strings or action.nargs in (argparse.OPTIONAL,
                                                     argparse.ZERO_OR_MORE):
            return help_ + ARGPARSE_RU[_DEFAULT]
        return help_


class Parser(argparse.ArgumentParser):
    """An argument parser that speaks Russian (:data:`ARGPARSE_RU`), whose usage errors
    are one line and exit 2, and whose ``--help`` shows defaults and keeps the
    description's and examples' line breaks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False  # argparse's -h would say it in English
        super().__init__(*args, **kwargs)
        self._positionals.title = ARGPARSE_RU["positional arguments"]
        self._optionals.title = ARGPARSE_RU["options"]
        if add_help:  # argparse's own -h, with its help in Russian
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=ARGPARSE_RU["show this help message and exit"])
        self.add_help = add_help

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"tonecoach: {translate(message)}\n")


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
        fail(f"не удалось прочитать {source}: {exc.strerror or exc}")


def add_config_options(p: argparse.ArgumentParser) -> None:
    """``--config``, ``--select``, ``--ignore`` and ``--rules``: the same on every subcommand."""
    p.add_argument("--config", metavar="ФАЙЛ",
                   help="файл настроек: tonecoach.toml или pyproject.toml "
                   "(без него ищется ближайший)")
    p.add_argument("--select", metavar="КОДЫ",
                   help="включить только эти правила: коды или их начала через запятую "
                   "(TC1,TC203)")
    p.add_argument("--ignore", metavar="КОДЫ",
                   help="выключить эти правила: коды или их начала через запятую")
    p.add_argument("--rules", action="append", metavar="ФАЙЛ",
                   help="файл правил компании (YAML); можно указать несколько раз")


def add_fail_on(p: argparse.ArgumentParser) -> None:
    """``--fail-on``: the lowest severity that makes the exit code 1."""
    p.add_argument("--fail-on", choices=("error", "warning", "info", "never"),
                   default="warning",
                   help="код выхода 1, если есть замечание этой важности или выше; "
                   "info — любое замечание, never — всегда 0")


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
    laid over it. A bad config is one line, exit 2, listing every problem at once: those of
    the file after its name (a rule code no rule has among them), those of an option after
    the option (``--select: …``, with a close match for a mistyped code)."""
    from pydantic import ValidationError

    from tonecoach.models import Config, known_codes
    from tonecoach.rulebook.book import builtin_rules

    codes: list[str] = list(builtin_rules())  # read once per process; the coach's too
    problems: list[str] = []
    config: Config | None = None
    try:
        if args.config:
            config = Config.from_file(args.config, codes)
        else:
            config = Config.discover(near if near is not None else Path.cwd(), codes)
    except FileNotFoundError:
        fail(f"нет такого файла настроек: {args.config}")
    except ValidationError as exc:  # a ConfigError: names the file, lists every problem
        problems.append(str(exc))
    updates: dict[str, Any] = {}
    for field in ("select", "ignore"):
        if getattr(args, field, None):
            updates[field] = getattr(args, field).split(",")
    rule_files = [*(config.rule_files if config else []), *(getattr(args, "rules", None) or [])]
    if getattr(args, "rules", None):
        updates["rule_files"] = rule_files
    every = False  # the company files' codes known too: a code in a flag is checked here
    if config is not None and ("select" in updates or "ignore" in updates):
        from tonecoach.errors import RuleDataError
        from tonecoach.rulebook.company import load_company_rules

        try:
            codes = [*codes, *(r.code for f in rule_files for r in load_company_rules(f).rules)]
            every = True
        except RuleDataError:  # the coach says what is wrong with the file
            pass
    flags = {"select": "--select", "ignore": "--ignore", "rule_files": "--rules"}
    options: Config | None = None
    try:
        with known_codes(codes, every=every):
            options = Config.model_validate(updates)
    except ValidationError as exc:
        problems += [f"{flags.get(str(e['loc'][0]), e['loc'][0])}: {e['msg']}"
                     for e in exc.errors()]
    if problems or config is None or options is None:
        fail("; ".join(problems))
    if not updates:
        return config
    # laid over the file's config, which keeps its name for the problems the coach finds
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
        fail(f"правила: {exc}")
    except ValidationError as exc:  # a ConfigError: where it came from, every unknown code
        fail(str(exc))
    except ValueError as exc:
        fail(f"настройки: {exc}")


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col
