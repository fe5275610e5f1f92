"""Batches: check_many in one and two processes, and the `tonecoach batch` command."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

import tonecoach
from tonecoach.integrations.batch import check_many

from .conftest import run_cli

ROWS = [
    {"id": "a", "text": "Привет! Напиши нам.", "operator": "anna"},
    {"id": "b", "text": "Здравствуйте! Заказ в пути.", "operator": "oleg"},
    {"id": "c", "text": "Заказ передан курьеру.", "client_message": "Где заказ?! Жду неделю!!!",
     "operator": "anna"},
    "Скинь фото чека.",
]


def test_check_many_keeps_order_and_matches_check() -> None:
    rows = ROWS * 40
    expected = [tonecoach.check(r) if isinstance(r, str) else tonecoach.check(
        r["text"], client_message=r.get("client_message")) for r in rows]
    assert list(check_many(rows, n_process=1)) == expected
    assert list(check_many(rows, n_process=2)) == expected


def test_check_many_rejects_rows_without_text() -> None:
    with pytest.raises(TypeError, match="text"):
        list(check_many([{"body": "x"}], n_process=1))
    with pytest.raises(ValueError):
        list(check_many(["x"], n_process=0))



@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_batch_command(capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str) -> None:
    rows = [r for r in ROWS if isinstance(r, dict)]
    path = tmp_path / f"replies.{fmt}"
    if fmt == "jsonl":
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows),
                        encoding="utf-8")
    elif fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=["id", "text", "client_message", "operator"])
            writer.writeheader()
            writer.writerows(rows)
    else:
        import pandas as pd

        pd.DataFrame(rows).to_parquet(path)
    out = tmp_path / "report.jsonl"
    code, _, err = run_cli(capsys, "batch", str(path), "--out", str(out), "-j", "1",
                        "--group-by", "operator")
    assert code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a", "b", "c"]
    assert [s["code"] for s in records[0]["suggestions"]] == ["TC106", "TC101"]
    assert records[2]["signals"]["upset"]
    assert "TC101" in err and "anna" in err and "3 ответов" in err


def test_batch_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run_cli(capsys, "batch", str(tmp_path / "none.jsonl"))[0] == 2
    bad = tmp_path / "x.txt"
    bad.write_text("hi", encoding="utf-8")
    code, _, err = run_cli(capsys, "batch", str(bad))
    assert code == 2 and ".jsonl" in err


def test_check_many_in_a_plain_script_neither_loops_nor_hangs(tmp_path: Path) -> None:
    """A script without the ``__main__`` guard: spawned workers would re-run it forever; it is
    checked in this process with a warning that says why."""
    script = tmp_path / "plain.py"
    script.write_text("import tonecoach\n"
                      "reports = list(tonecoach.check_many(['Привет! Напиши нам.'] * 600, "
                      "n_process=2))\n"
                      "print(len(reports), reports[0].suggestions[0].code)\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=180, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "600 TC106"
    assert "__main__" in done.stderr and done.stderr.count("Traceback") == 0


def test_check_many_keeps_a_few_rows_in_process() -> None:
    import tonecoach.integrations.batch as batch

    rows = ["Привет!"] * 10
    assert [r.text for r in batch.check_many(rows, n_process=4)] == rows
