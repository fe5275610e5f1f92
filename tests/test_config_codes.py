"""A typo in a rule code is an error that says what was meant, never a silent no-op (a CI gate
built on ``--select TC999`` would pass whatever the text)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

import tonecoach

from .conftest import run_cli
from .test_company_rules import GOOD


@pytest.mark.parametrize("bad", ["TC1O1", "T-101", "101", "TC1011"])
def test_a_malformed_code_is_refused_by_config(bad: str) -> None:
    with pytest.raises(ValidationError, match="not a rule code or prefix"):
        tonecoach.Config(ignore=[bad])


@pytest.mark.parametrize(("field", "value"), [
    ("select", ["TC999"]), ("ignore", ["TC11"]), ("severity", {"TC999": "info"}),
])
def test_an_unknown_code_is_refused_by_the_coach_with_a_hint(field: str, value: object) -> None:
    config = tonecoach.Config.model_validate({field: value})
    with pytest.raises(ValueError, match=f"{field}: no rule has the code"):
        tonecoach.Coach(config)
    with pytest.raises(ValueError, match="did you mean TC101"):
        tonecoach.Coach(tonecoach.Config(ignore=["TC11"]))
    coach = tonecoach.Coach()
    with pytest.raises(ValueError, match="no rule has the code"):
        coach.check("Привет", config=config)


def test_known_codes_and_prefixes_pass() -> None:
    coach = tonecoach.Coach(tonecoach.Config(select=["TC1", "TC202"], ignore=["tc105"],
                                             severity={"TC4": "info"}))
    assert [s.code for s in coach.check("Привет! Напиши нам.").suggestions] == \
        ["TC106", "TC101"]


@pytest.mark.parametrize("flag", [["--select", "TC999"], ["--ignore", "TC1O1"]])
def test_the_cli_says_it_in_one_line_and_exits_2(flag: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "tonecoach", "check", *flag, "-"],
                          input="Привет", capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("args", [["check", "--config", "{dir}", "-"], ["eval", "{dir}"]])
def test_a_directory_where_a_file_belongs_is_one_line_and_exit_2(tmp_path: object,
                                                                  args: list[str]) -> None:
    argv = [a.format(dir=tmp_path) for a in args]
    done = subprocess.run([sys.executable, "-m", "tonecoach", *argv], input="Привет",
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert str(tmp_path) in done.stderr


# -- a problem in the file names the file, a problem in a flag names the flag ------------------

def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The one line a refused config gives (exit 2, nothing on stdout)."""
    code, out, err = run_cli(capsys, *argv)
    assert (code, out) == (2, ""), err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err.removeprefix("tonecoach: ").rstrip("\n")


def _files(tmp_path: Path) -> tuple[Path, Path]:
    sev = tmp_path / "sev.toml"
    sev.write_text('[severity]\nTC999 = "info"\n', "utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("Напиши нам.", "utf-8")
    return sev, draft


def test_a_file_problem_names_the_file_with_flags_given(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sev, draft = _files(tmp_path)
    alone = _cli(capsys, "check", str(draft), "--config", str(sev))
    assert alone.startswith(f"{sev}: severity: no rule has the code 'TC999'")
    assert _cli(capsys, "check", str(draft), "--config", str(sev), "--select", "TC1") == alone
    assert _cli(capsys, "check", str(draft), "--config", str(sev), "--ignore", "TC2") == alone


def test_a_flag_problem_names_the_flag_with_a_close_match(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, draft = _files(tmp_path)
    assert _cli(capsys, "check", str(draft), "--select", "TC999").startswith(
        "--select: no rule has the code 'TC999'")
    err = _cli(capsys, "check", str(draft), "--ignore", "TC1O1,brevity")
    assert err.startswith("--ignore: no rule has the code 'TC1O1'; did you mean TC101")
    assert "'brevity' is a category, not a rule code; its rules' codes start with TC4" in err


def test_file_and_flag_problems_come_at_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sev, draft = _files(tmp_path)
    sev.write_text('emoji = "nonee"\n[severity]\nTC999 = "info"\n', "utf-8")
    err = _cli(capsys, "check", str(draft), "--config", str(sev), "--select", "TC1O1")
    assert err.startswith(f"{sev}: ")
    assert "severity: no rule has the code 'TC999'" in err  # with the key/value problem
    assert "emoji: 'nonee' is not allowed; did you mean none?" in err
    assert err.endswith("--select: no rule has the code 'TC1O1'; did you mean TC101, TC601, "
                        "TC501?")


def test_a_config_given_the_codes_lists_unknown_ones_with_the_rest(tmp_path: Path) -> None:
    sev, _ = _files(tmp_path)
    sev.write_text('emoji = "nonee"\nselect = ["TC1O1", "ACME1"]\n[severity]\nTC999 = "info"\n',
                   "utf-8")
    codes = list(tonecoach.Coach().rules)
    with pytest.raises(tonecoach.ConfigError) as caught:
        tonecoach.Config.from_file(sev, codes)
    message = str(caught.value)
    assert "select: no rule has the code 'TC1O1'; did you mean TC101" in message
    assert "ACME1" not in message  # a company code: the coach, which reads the files, says
    assert "severity: no rule has the code 'TC999'" in message and "emoji: " in message
    with pytest.raises(tonecoach.ConfigError, match="emoji") as caught:
        tonecoach.Config.from_file(sev)  # no codes: the coach checks them later
    assert "TC999" not in str(caught.value)


def test_company_codes_in_flags_are_checked_against_the_company_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, draft = _files(tmp_path)
    draft.write_text("Как в Сбербанке.", "utf-8")
    (tmp_path / "acme.yaml").write_text(GOOD, "utf-8")
    config = tmp_path / "tonecoach.toml"
    config.write_text('rule_files = ["acme.yaml"]\n', "utf-8")
    code, out, _ = run_cli(capsys, "check", str(draft), "--select", "ACME1")
    assert code == 1 and "ACME101" in out
    assert _cli(capsys, "check", str(draft), "--select", "ACME9").startswith(
        "--select: no rule has the code 'ACME9'")
    config.write_text('rule_files = ["acme.yaml"]\nignore = ["ACME9"]\n', "utf-8")
    assert _cli(capsys, "check", str(draft), "--select", "ACME1").startswith(
        f"{config}: ignore: no rule has the code 'ACME9'")  # the file's, found by the coach
