"""The command line: check, rules, eval, schema; exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import run_cli

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"



def test_check_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "check", str(EXAMPLES / "draft.txt"))
    assert code == 1
    assert "draft.txt:1:1: TC106 [warning] " in out
    assert "  1 | Привет! Спс" in out and "    | ^^^^^^ → «Здравствуйте»" in out


def test_check_clean_text_exits_zero(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("Здравствуйте! Заказ уже в пути.", encoding="utf-8")
    assert run_cli(capsys, "check", str(clean))[0] == 0


def test_check_json_is_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "check", str(EXAMPLES / "draft.txt"), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["suggestions"][0]["code"] == "TC106"


def test_check_fix(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text("Напиши нам, дружище.", encoding="utf-8")
    code, out, err = run_cli(capsys, "check", str(draft), "--fix")
    assert out == "Напишите нам, дружище."
    assert code == 1 and "TC108" in err  # no automatic fix for «дружище»


def test_check_select_and_config(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text("Привет! Напиши нам.", encoding="utf-8")
    _, out, _ = run_cli(capsys, "check", str(draft), "--select", "TC106")
    assert "TC106" in out and "TC101" not in out
    cfg = tmp_path / "tonecoach.toml"
    cfg.write_text('ignore = ["TC106"]\n', encoding="utf-8")
    _, out, _ = run_cli(capsys, "check", str(draft), "--config", str(cfg))
    assert "TC101" in out and "TC106" not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check", "/no/such/file.txt"], "нет такого файла"),
        (["check", "--format", "xml"], "--format: недопустимое значение «xml»"),
        (["frobnicate"], "недопустимое значение «frobnicate»"),
        (["eval", "/no/such.jsonl"], "/no/such.jsonl: нет такого файла"),
    ],
)
def test_usage_errors_exit_two(capsys: pytest.CaptureFixture[str], argv: list[str],
                               message: str) -> None:
    code, _, err = run_cli(capsys, *argv)
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1


def test_bad_config_and_bad_bytes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cfg = tmp_path / "conf" / "tonecoach.toml"
    cfg.parent.mkdir()
    cfg.write_text('address = "он"\n', encoding="utf-8")
    code, _, err = run_cli(capsys, "check", str(EXAMPLES / "draft.txt"), "--config", str(cfg))
    assert code == 2 and "address" in err and len(err.strip().splitlines()) == 1
    raw = tmp_path / "utf8.txt"
    raw.write_bytes("Привет".encode())
    code, out, err = run_cli(capsys, "check", str(raw), "--encoding", "ascii")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    from tonecoach.rulebook.book import builtin_rules

    _, out, _ = run_cli(capsys, "rules")
    for code in builtin_rules():
        assert code in out
    _, out, _ = run_cli(capsys, "rules", "--format", "json")
    assert {r["code"] for r in json.loads(out)} == set(builtin_rules())


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "schema")
    assert code == 0 and json.loads(out)["title"] == "Report"


def test_eval_scores_cases(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    rows = [
        {"id": "a", "text": "Напиши нам.", "expect": {"formality": True},
         "fix": "Напишите нам."},
        {"id": "b", "text": "Напишите нам.", "expect": {"formality": False}},
        {"id": "c", "text": "Кнопка «Напиши нам».", "expect": {"formality": True}},
    ]
    cases.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows),
                     encoding="utf-8")
    code, out, _ = run_cli(capsys, "eval", str(cases), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["categories"]["formality"] == {"tp": 1, "fp": 0, "fn": 1, "tn": 1,
                                               "precision": 1.0, "recall": 0.5}
    assert data["fixes"] == {"total": 1, "exact": 1}
    _, out, _ = run_cli(capsys, "eval", str(cases))
    assert "c formality не найдено: " in out and "промахи:" in out


def test_stdin_and_module_entry_point() -> None:
    proc = subprocess.run([sys.executable, "-m", "tonecoach", "check", "-"],
                          input="Скинь фото.".encode(), capture_output=True, check=False)
    assert proc.returncode == 1
    assert "<stdin>:1:1: TC107" in proc.stdout.decode()


def test_readme_rule_table_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- rules-table")[1].split("-->", 1)[1].split("<!-- /rules-table")[0]
    _, out, _ = run_cli(capsys, "rules", "--format", "markdown")
    assert table.strip() == out.strip()


def test_check_shows_client_signals(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text("Заказ передан курьеру.", encoding="utf-8")
    code, out, err = run_cli(capsys, "check", str(draft), "--client-message-file",
                         str(EXAMPLES / "client_message.txt"))
    assert code == 1 and "TC201" in out
    assert "Клиент: расстроен" in err
    assert "ситуация: money" not in err


def test_eval_compares_fixes_of_the_chosen_categories(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    draft = "Привет! Ты можешь оплатить заказ картой!!!"
    only_formality = "Здравствуйте! Вы можете оплатить заказ картой!!!"
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps({"id": "f1", "text": draft, "expect": {"formality": True},
                                 "fix": only_formality}, ensure_ascii=False) + "\n",
                     encoding="utf-8")
    _, every, _ = run_cli(capsys, "eval", str(cases), "--misses", "0")
    _, formality, _ = run_cli(capsys, "eval", str(cases), "--misses", "0",
                              "--fix-categories", "formality")
    assert "точных исправлений: 0/1" in every  # the etiquette fix («!!!» → «!») applies too
    assert "точных исправлений: 1/1" in formality
