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
    with pytest.raises(ValueError, match="on_invalid"):
        list(check_many(["x"], on_invalid="skip"))  # type: ignore[call-overload]


NULLS = ["Привет!", {"text": None}, {"text": float("nan")}, {"text": 5}, {"body": "x"}, None,
         {"text": "Напиши нам."}, {"text": "я" * 51}]


def test_a_null_is_never_a_clean_report() -> None:
    """A row with no text raises naming its position, after the reports before it; with
    on_invalid="none" it is None in its place (one result per row, order kept)."""
    config = tonecoach.Config(max_text_length=50)
    results = check_many(NULLS, n_process=1, config=config)
    assert next(results).suggestions[0].code == "TC106"
    with pytest.raises(TypeError, match=r"row 1 \(counting from 0\) has no text in field "
                       "'text' \\(got None\\); on_invalid='none'"):
        next(results)
    got = list(check_many(NULLS, n_process=1, config=config, on_invalid="none"))
    assert [r is None for r in got] == [False, True, True, True, True, True, False, True]
    assert got[6] is not None and got[6].suggestions[0].code == "TC101"
    with pytest.raises(tonecoach.TextTooLongError, match=r"row 1 .*51 characters long; "
                       "the limit is 50"):
        list(check_many(NULLS[6:], n_process=1, config=config))


@pytest.mark.slow
def test_nulls_across_processes_keep_their_places() -> None:
    rows = NULLS * 40  # over the in-process threshold: two worker processes
    got = list(check_many(rows, n_process=2, on_invalid="none",
                          config=tonecoach.Config(max_text_length=50)))
    assert [r is None for r in got] == [r is None for r in
                                       check_many(NULLS, n_process=1, on_invalid="none",
                                                  config=tonecoach.Config(max_text_length=50))
                                       ] * 40
    with pytest.raises(TypeError, match="row 1 "):
        list(check_many(rows, n_process=2))



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
    assert code == 1  # warnings found, --fail-on warning by default
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a", "b", "c"]
    assert [r["row"] for r in records] == ([1, 2, 3] if fmt == "parquet" else
                                           [2, 3, 4] if fmt == "csv" else [1, 2, 3])
    assert [s["code"] for s in records[0]["suggestions"]] == ["TC106", "TC101"]
    assert records[2]["signals"]["upset"]
    assert "TC101" in err and "anna" in err and "проверено ответов: 3" in err


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
