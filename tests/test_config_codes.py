"""A typo in a rule code is an error that says what was meant, never a silent no-op (a CI gate
built on ``--select TC999`` would pass whatever the text)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import ValidationError

import tonecoach


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
