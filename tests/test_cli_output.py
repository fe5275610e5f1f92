"""``tonecoach check`` in a terminal: carets under the fragment, colour only where it
belongs, Russian plurals and labels, several files and globs, each file's own config,
``--fail-on``, the context options and one-line errors."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest

from tonecoach.integrations.cli.output import excerpt, plural, summary

from .conftest import run_cli

PLAIN = "Здравствуйте! Заказ уже в пути."  # nothing to say, whatever the context
TY = "Привет! Напиши нам."  # TC106 and TC101, both warnings


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def headers(out: str) -> list[str]:
    """The ``file:line:col: CODE [severity] message`` lines."""
    return [line for line in out.splitlines() if re.match(r"\S.*:\d+:\d+: \w+ \[", line)]


def colours(out: str) -> list[str]:
    """SGR parameters that set a foreground colour."""
    params = [p for seq in re.findall(r"\x1b\[([0-9;]*)m", out) for p in seq.split(";")]
    return [p for p in params if p and (30 <= int(p) <= 38 or 90 <= int(p) <= 97)]


@pytest.fixture
def plain_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    return monkeypatch


# --- carets -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "fragment", "pad", "width"), [
    ("Привет! Напиши нам.", "Напиши", 8, 6),
    ("Спасибо 😀👨‍👩‍👧 Напиши нам.", "Напиши", 13, 6),  # emoji: two cells each
    ("Ｗｉｄｅ　текст напиши", "напиши", 16, 6),  # full-width letters and space
    ("Ок 😀 спс", "😀", 3, 2),
    ("x\tнапиши", "напиши", 2, 6),  # a tab is shown as one space
])
def test_carets_sit_under_the_fragment(text: str, fragment: str, pad: int, width: int) -> None:
    start = text.index(fragment)
    _, shown, carets = excerpt(text, start, start + len(fragment), 80)
    assert carets == " " * pad + "^" * width
    assert "\t" not in shown


def test_an_insertion_is_one_caret_and_a_long_line_is_cut_around_the_fragment() -> None:
    text = "Заказ в пути."
    assert excerpt(text, len(text), len(text), 80)[2] == " " * len(text) + "^"
    long = "слово " * 60 + "напиши " + "слово " * 60
    start = long.index("напиши")
    _, shown, carets = excerpt(long, start, start + 6, 60)
    assert shown.startswith("…") and shown.endswith("…") and len(shown) <= 60
    assert shown[carets.index("^"):].startswith("напиши")


def test_line_number_and_control_characters() -> None:
    text = "Здравствуйте!\r\nНапиши \x1b[31mнам."
    number, shown, _ = excerpt(text, text.index("Напиши"), text.index("Напиши") + 6, 80)
    assert number == 2 and "\x1b" not in shown and "\r" not in shown


def test_cli_shows_source_line_carets_and_fix(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path, plain_env: object) -> None:
    draft = write(tmp_path / "d.txt", "Спасибо 😀. Напиши нам.")
    code, out, _ = run_cli(capsys, "check", str(draft))
    assert code == 1
    assert f"{draft}:1:12: TC101 [warning] " in out  # columns count characters
    assert "  1 | Спасибо 😀. Напиши нам.\n    |             ^^^^^^ → «Напишите»\n" in out


# --- colour ------------------------------------------------------------------------------

def test_colour_when_forced_not_when_piped(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                           plain_env: pytest.MonkeyPatch) -> None:
    draft = write(tmp_path / "d.txt", TY)
    _, piped, _ = run_cli(capsys, "check", str(draft))
    assert "\x1b" not in piped
    plain_env.setenv("FORCE_COLOR", "1")
    _, forced, _ = run_cli(capsys, "check", str(draft))
    assert colours(forced)
    assert re.sub(r"\x1b\[[0-9;]*m", "", forced) == piped  # the same text under the colour


@pytest.mark.parametrize(("name", "value"), [("NO_COLOR", "1"), ("TERM", "dumb")])
def test_no_colour_with_no_color_or_a_dumb_terminal(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path,
                                                    plain_env: pytest.MonkeyPatch,
                                                    name: str, value: str) -> None:
    plain_env.setenv("FORCE_COLOR", "1")
    plain_env.setenv(name, value)
    _, out, err = run_cli(capsys, "check", str(write(tmp_path / "d.txt", TY)))
    assert "TC101" in out and not colours(out) and not colours(err)


# --- Russian: plurals, labels ---------------------------------------------------------------

@pytest.mark.parametrize(("count", "noun", "expected"), [
    (1, "замечание", "1 замечание"), (4, "замечание", "4 замечания"),
    (5, "замечание", "5 замечаний"), (11, "замечание", "11 замечаний"),
    (21, "замечание", "21 замечание"), (2, "файл", "2 файла"), (0, "файл", "0 файлов"),
    (3, "ошибка", "3 ошибки"), (2, "совет", "2 совета"),
])
def test_plural_forms(count: int, noun: str, expected: str) -> None:
    assert plural(count, noun) == expected


def test_summary_lines() -> None:
    assert summary([], None) == "Замечаний нет."
    assert summary([], 2) == "2 файла, замечаний нет."
    assert summary(["warning"] * 4, 1) == "1 файл, 4 предупреждения."
    assert summary(["error", "warning", "warning", "info", "info"], 5) == (
        "5 файлов, 5 замечаний: 1 ошибка, 2 предупреждения, 2 совета.")


def test_client_signals_name_the_situation_in_russian(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    draft = write(tmp_path / "d.txt", "Проверим платёж.")
    message = write(tmp_path / "m.txt", "Вы списали деньги дважды!!! Верните немедленно!")
    _, _, err = run_cli(capsys, "check", str(draft), "--client-message-file", str(message))
    assert "ситуация: деньги и оплата" in err and "money" not in err


def test_every_situation_has_a_russian_label() -> None:
    from tonecoach.rulebook.book import builtin_signals

    for situation in builtin_signals().situations:
        assert re.fullmatch(r"[а-яё ]+", situation.label), situation.name


# --- several files, globs, configs -------------------------------------------------------------

def test_files_and_recursive_globs_each_once(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    top = write(tmp_path / "a.txt", TY)
    for rel in ("d/x.txt", "d/sub/y.txt", "d/sub/deep/z.txt"):
        write(tmp_path / rel, TY)
    write(tmp_path / "d/notes.md", TY)
    pattern = str(tmp_path / "d" / "**" / "*.txt")
    code, out, err = run_cli(capsys, "check", str(top), pattern, str(tmp_path / "d/x.txt"))
    assert code == 1
    files = {line.split(":", 1)[0] for line in headers(out)}
    assert {Path(f).name for f in files} == {"a.txt", "x.txt", "y.txt", "z.txt"}
    assert err.strip().splitlines()[-1].startswith("4 файла, 8 предупреждений")


def test_each_file_takes_the_config_of_its_own_folder(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    write(tmp_path / "one" / "tonecoach.toml", 'ignore = ["TC106"]\n')
    write(tmp_path / "two" / "tonecoach.toml", 'ignore = ["TC101"]\n')
    first = write(tmp_path / "one" / "drafts" / "d.txt", TY)  # found upwards from drafts/
    second = write(tmp_path / "two" / "d.txt", TY)
    _, out, _ = run_cli(capsys, "check", str(first), str(second))
    found = {(h.split(":", 1)[0], h.split()[1]) for h in headers(out)}
    assert found == {(str(first), "TC101"), (str(second), "TC106")}


def test_json_one_file_is_the_report_several_are_a_list(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    a, b = write(tmp_path / "a.txt", TY), write(tmp_path / "b.txt", PLAIN)
    _, out, _ = run_cli(capsys, "check", str(a), "--format", "json")
    assert json.loads(out)["suggestions"][0]["code"] == "TC106"
    _, out, _ = run_cli(capsys, "check", str(a), str(b), "--format", "json")
    data = json.loads(out)
    assert [d["file"] for d in data] == [str(a), str(b)] and data[1]["report"]["suggestions"] == []
    _, out, _ = run_cli(capsys, "check", str(tmp_path / "a*.txt"), "--format", "json")
    assert isinstance(json.loads(out), list)  # a glob: the shape follows the command


# --- exit codes ---------------------------------------------------------------------------

@pytest.mark.parametrize(("fail_on", "ty_code", "info_code"), [
    ("warning", 1, 0), ("info", 1, 1), ("error", 0, 0), ("never", 0, 0),
])
def test_fail_on(capsys: pytest.CaptureFixture[str], tmp_path: Path, fail_on: str,
                 ty_code: int, info_code: int) -> None:
    ty = write(tmp_path / "ty.txt", TY)
    info_only = write(tmp_path / "info.txt", PLAIN)  # a first reply: TC607 (info) only
    assert run_cli(capsys, "check", str(ty), "--fail-on", fail_on)[0] == ty_code
    code, out, _ = run_cli(capsys, "check", str(info_only), "--first-reply",
                           "--fail-on", fail_on)
    assert [h.split()[1] for h in headers(out)] == ["TC607"] and code == info_code


def test_fail_on_applies_to_the_advice_left_by_fix(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    draft = write(tmp_path / "d.txt", "Заказ уже в пути:")  # TC607 stays as advice (info)
    code, out, err = run_cli(capsys, "check", str(draft), "--first-reply", "--fix")
    assert out.startswith("Здравствуйте!") and "TC607 [info]" in err and code == 0
    assert "исправлено TC606" in err and err.strip().endswith("осталось 1 совет.")
    assert run_cli(capsys, "check", str(draft), "--first-reply", "--fix",
                   "--fail-on", "info")[0] == 1


# --- context options ---------------------------------------------------------------------

def test_first_reply_and_sent_at_make_tc606_and_tc607_fire(capsys: pytest.CaptureFixture[str],
                                                           tmp_path: Path) -> None:
    bare = write(tmp_path / "bare.txt", "Заказ уже в пути.")
    _, out, _ = run_cli(capsys, "check", str(bare))
    assert not headers(out)
    _, out, _ = run_cli(capsys, "check", str(bare), "--first-reply")
    assert [h.split()[1] for h in headers(out)] == ["TC606", "TC607"]
    morning = write(tmp_path / "morning.txt", "Доброе утро! Заказ уже в пути.")
    _, out, _ = run_cli(capsys, "check", str(morning), "--sent-at", "2026-11-25T23:40")
    assert "TC606 [warning] «Доброе утро» не по времени" in out


def test_channel_sets_the_length_limit(capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    long = write(tmp_path / "long.txt",
                 "Заказ передан в службу доставки, курьер привезёт его завтра днём. " * 14)
    _, chat, _ = run_cli(capsys, "check", str(long), "--channel", "chat", "--select", "TC405")
    _, email, _ = run_cli(capsys, "check", str(long), "--channel", "email", "--select", "TC405")
    assert "TC405" in chat and "TC405" not in email


# --- standard input ----------------------------------------------------------------------

class _Terminal:
    """Standard input on a terminal, with what the operator typed."""

    def __init__(self, text: str) -> None:
        self.buffer = io.BytesIO(text.encode())

    def isatty(self) -> bool:
        return True


def test_stdin_on_a_terminal_says_how_to_end_input(capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Terminal(TY))
    code, out, err = run_cli(capsys, "check")
    assert "Ctrl-D" in err.splitlines()[0] or "Ctrl-Z" in err.splitlines()[0]
    assert code == 1 and "<stdin>:1:1: TC106" in out


def test_piped_stdin_gets_no_hint(capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = _Terminal(PLAIN)
    monkeypatch.setattr(stdin, "isatty", lambda: False)
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, err = run_cli(capsys, "check", "-")
    assert (code, out, err) == (0, "", "Замечаний нет.\n")


# --- errors: one line, exit 2, nothing checked ------------------------------------------------

@pytest.mark.parametrize(("argv", "message"), [
    (["{ok}", "{tmp}/missing.txt"], "нет такого файла"),
    (["{ok}", "{tmp}/nothing/*.txt"], "нет файлов по шаблону"),
    (["{tmp}"], "папка"),
    (["{ok}", "--sent-at", "2026-11-25"], "--sent-at"),
    (["{ok}", "--sent-at", "вчера в 23:40"], "--sent-at"),
    (["{ok}", "--encoding", "klingon"], "--encoding"),
    (["{ok}", "{ok2}", "--fix"], "--fix"),
    (["{ok}", "--channel", "fax"], "--channel: недопустимое значение «fax»"),
])
def test_errors_are_one_line_and_exit_two(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                          argv: list[str], message: str) -> None:
    ok, ok2 = write(tmp_path / "ok.txt", TY), write(tmp_path / "ok2.txt", TY)
    args = [a.format(ok=ok, ok2=ok2, tmp=tmp_path) for a in argv]
    code, out, err = run_cli(capsys, "check", *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err and "Traceback" not in err


# --- help ----------------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [["--help"], ["check", "--help"], ["lsp", "--help"]])
def test_help_says_what_it_does_with_an_example(capsys: pytest.CaptureFixture[str],
                                                argv: list[str]) -> None:
    code, out, _ = run_cli(capsys, *argv)
    assert code == 0 and "пример" in out and re.search(r"^  .*tonecoach.*$", out, re.M)
    if argv[0] == "check":
        assert "коды выхода" in out and "**" in out
        assert "(по умолчанию: warning)" in " ".join(out.split())


def test_fix_as_json_is_the_fix_result(capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    code, out, _ = run_cli(capsys, "check", str(write(tmp_path / "d.txt", TY)), "--fix",
                           "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["text"] == "Здравствуйте! Напишите нам."
    assert [a["code"] for a in data["applied"]] == ["TC106", "TC101"]


def test_a_reader_that_stops_early_keeps_the_summary_and_the_exit_code(tmp_path: Path) -> None:
    import subprocess

    draft = write(tmp_path / "d.txt", (TY + "\n") * 400)
    proc = subprocess.Popen([sys.executable, "-m", "tonecoach", "check", str(draft)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert b"TC106" in proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 1
    assert re.fullmatch(r"1 файл, \d+ замечани\w+: \d+ предупреждений.*\.\n", err)
