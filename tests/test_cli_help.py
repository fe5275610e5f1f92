"""``--help`` and usage errors are Russian: the top level and every subcommand (found from the
parser, so a new one is covered) say what they do with an example, and none of argparse's
English is left."""

from __future__ import annotations

import argparse
import inspect
import re
from collections.abc import Iterator

import pytest

from tonecoach.integrations.cli import build_parser
from tonecoach.integrations.cli.common import ARGPARSE_RU, translate

from .conftest import run_cli

#: argparse's English in --help.
HELP_ENGLISH = re.compile(r"\busage\b|\boptions\b|show this help|show program's|default:|"
                          r"positional arguments|\bsubcommands\b", re.IGNORECASE)
#: ... and in its usage errors.
ERROR_ENGLISH = re.compile(r"\bargument|invalid|choose from|required|unrecognized|expected|"
                           r"ambiguous|could match|\busage\b|\berror:", re.IGNORECASE)
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def commands(parser: argparse.ArgumentParser,
             path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...],
                                                         argparse.ArgumentParser]]:
    """Every command line with its own ``--help``: the top level, then each subcommand
    (nested ones too), with its parser."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from commands(sub, (*path, name))


COMMANDS = list(commands(build_parser()))


def test_every_subcommand_is_found() -> None:
    assert {" ".join(path) for path, _ in COMMANDS} >= {
        "", "check", "rules", "schema", "eval", "batch", "lsp", "serve"}


@pytest.mark.parametrize(("path", "parser"), COMMANDS,
                         ids=[" ".join(path) or "tonecoach" for path, _ in COMMANDS])
def test_help_is_russian_with_a_description_and_an_example(
        capsys: pytest.CaptureFixture[str], path: tuple[str, ...],
        parser: argparse.ArgumentParser) -> None:
    code, out, err = run_cli(capsys, *path, "--help")
    assert (code, err) == (0, "")
    assert out.startswith(f"использование: {' '.join(('tonecoach', *path))} [-h]")
    assert parser.description and CYRILLIC.search(parser.description)
    assert parser.description.splitlines()[0] in out
    assert "пример" in out and re.search(r"^  .*tonecoach", out, re.M), out
    english = HELP_ENGLISH.search(out)
    assert english is None, f"{english.group()!r} in:\n{out}"
    for action in parser._actions:  # every option's (and subcommand's) own help is Russian
        helps = ([a.help for a in action._choices_actions]
                 if isinstance(action, argparse._SubParsersAction) else [action.help])
        for text in helps:
            assert text and CYRILLIC.search(text), (action.option_strings or action.dest, text)


@pytest.mark.parametrize(("argv", "message"), [
    (["check", "--fail-on", "bogus"],
     "--fail-on: недопустимое значение «bogus» (можно: error, warning, info, never)"),
    (["nosuch"], "КОМАНДА: недопустимое значение «nosuch» (можно: check, rules, schema, "),
    ([], "не указаны обязательные аргументы: КОМАНДА"),
    (["eval"], "не указаны обязательные аргументы: ФАЙЛ"),
    (["check", "--nope"], "неизвестные аргументы: --nope"),
    (["check", "--config"], "--config: нужно значение"),
    (["check", "--fix=yes"], "--fix: у параметра нет значения, а дано «yes»"),
    (["check", "--f"], "неоднозначный параметр --f: подходят --first-reply, "),
    (["eval", "cases.jsonl", "--misses", "many"],
     "--misses: недопустимое значение «many» (нужно: целое число)"),
    (["schema", "bogus"], "МОДЕЛЬ: недопустимое значение «bogus»"),
    (["batch", "rows.csv", "-j", "0"], "-j/--processes: нужно 1 или больше, а не 0"),
])
def test_usage_error_is_one_russian_line_and_exit_2(capsys: pytest.CaptureFixture[str],
                                                    argv: list[str], message: str) -> None:
    code, out, err = run_cli(capsys, *argv)
    assert (code, out) == (2, "")
    assert len(err.strip().splitlines()) == 1 and err.startswith("tonecoach: "), err
    assert message in err and "Traceback" not in err, err
    english = ERROR_ENGLISH.search(err)
    assert english is None, f"{english.group()!r} in {err!r}"


def test_the_table_holds_argparses_own_strings() -> None:
    """Each key is a string this Python's argparse uses, so a typo cannot leave it English."""
    source = inspect.getsource(argparse)
    assert [msgid for msgid in ARGPARSE_RU if msgid not in source] == []


def test_translate_leaves_what_it_does_not_know() -> None:
    assert translate("argument -j/--processes: нужно 1 или больше, а не 0") == (
        "-j/--processes: нужно 1 или больше, а не 0")
    assert translate("something a newer argparse says") == "something a newer argparse says"
