"""`tonecoach batch` and `tonecoach eval` on real files and real mistakes: bad rows go to the
errors file and the run goes on (exit 3), --out is replaced only by a finished run, and every
user error is one line on stderr with exit 2."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import run_cli

GOOD = "Здравствуйте! Заказ передан курьеру."
TY = "Привет! Напиши нам."


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def jsonl_with_bad_rows(tmp_path: Path) -> Path:
    path = tmp_path / "chats.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "a", "text": GOOD}, ensure_ascii=False),
        json.dumps({"id": "b", "text": None}),
        "[1, 2]",
        '{"id": "d", "text": ',
        "42",
        json.dumps({"id": "f", "text": TY, "operator": "anna"}, ensure_ascii=False),
        json.dumps({"id": "g", "text": 7}),
    ]) + "\n", encoding="utf-8")
    return path


def test_bad_rows_go_to_the_errors_file_and_the_run_goes_on(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = jsonl_with_bad_rows(tmp_path)
    out = tmp_path / "report.jsonl"
    code, stdout, err = run_cli(capsys, "batch", str(path), "--out", str(out), "-j", "1")
    assert code == 3  # rows were skipped: 3 wins over 1 (TY has findings)
    assert stdout == ""
    assert [(r["row"], r["id"]) for r in read_jsonl(out)] == [(1, "a"), (6, "f")]
    errors = read_jsonl(tmp_path / "report.errors.jsonl")
    assert [e["row"] for e in errors] == [2, 3, 4, 5, 7]
    reasons = [e["error"] for e in errors]
    assert reasons == [
        "нет текста (null) в столбце «text»",
        'JSON-массив, а не объект: нужен один объект {"text": …} на строку',
        "ошибка в JSON: ожидалось значение (символ 21)",
        'JSON-число, а не объект: нужен один объект {"text": …} на строку',
        "не текст, а число: 7 в столбце «text»"]
    assert "пропущено строк: 5" in err and "report.errors.jsonl" in err


def test_without_out_skipped_rows_are_lines_on_stderr(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    path = jsonl_with_bad_rows(tmp_path)
    code, stdout, err = run_cli(capsys, "batch", str(path), "-j", "1")
    assert code == 3
    assert [r["id"] for r in map(json.loads, stdout.splitlines())] == ["a", "f"]
    assert f"tonecoach: {path}:3: строка пропущена: JSON-массив, а не объект" in err
    errors = tmp_path / "skipped.jsonl"
    code, _, _ = run_cli(capsys, "batch", str(path), "-j", "1", "--errors", str(errors))
    assert code == 3 and len(read_jsonl(errors)) == 5


def test_csv_export_windows_1251_semicolons_bom_and_empty_cells(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The export that broke: Windows-1251, «;», a multiline cell; an empty reply cell is a
    skipped row numbered by its line, never a clean report."""
    path = tmp_path / "export.csv"
    with path.open("w", encoding="cp1251", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerows([["id", "operator", "reply"], ["1", "anna", GOOD],
                          ["2", "oleg", "Привет!\nНапиши нам."], ["3", "anna", ""],
                          ["4", "oleg", TY]])
    out = tmp_path / "r.jsonl"
    code, _, _ = run_cli(capsys, "batch", str(path), "--text-column", "reply", "--out",
                         str(out), "--group-by", "operator", "-j", "1")
    assert code == 3
    records = read_jsonl(out)
    assert [(r["row"], r["group"]) for r in records] == [(2, "anna"), (3, "oleg"), (6, "oleg")]
    assert [s["code"] for s in records[1]["suggestions"]] == ["TC106", "TC101"]
    assert read_jsonl(tmp_path / "r.errors.jsonl") == [
        {"row": 5, "id": "3", "error": "нет текста (null) в столбце «reply»"}]
    code, _, _ = run_cli(capsys, "batch", str(path), "--text-column", "reply", "--out",
                         str(out), "--encoding", "cp1251", "-j", "1")
    assert code == 3 and len(read_jsonl(out)) == 3
    code, _, _ = run_cli(capsys, "batch", str(path), "--text-column", "reply", "--out",
                         str(out), "--encoding", "utf-8", "-j", "1")
    wrong = read_jsonl(tmp_path / "r.errors.jsonl")
    assert code == 3 and read_jsonl(out) == [] and len(wrong) == 4
    assert ["нет в кодировке utf-8" in e["error"] for e in wrong] == [True, True, False, True]
    assert "--encoding" in wrong[0]["error"]
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbfreply,id\n" + f"{GOOD},1\n".encode())
    code, out_text, _ = run_cli(capsys, "batch", str(bom), "--text-column", "reply", "-j", "1")
    assert code == 0 and json.loads(out_text)["id"] == "1"


@pytest.mark.parametrize(("fail_on", "expected"), [("warning", 1), ("error", 0),
                                                     ("never", 0)])
def test_exit_code_follows_fail_on(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                   fail_on: str, expected: int) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"text": TY}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run_cli(capsys, "batch", str(path), "-j", "1", "--fail-on", fail_on)[0] == expected


def test_parquet_and_xlsx_nulls_are_skipped_rows(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    openpyxl = pytest.importorskip("openpyxl")
    import pyarrow.parquet as pq

    parquet = tmp_path / "r.parquet"
    pq.write_table(pa.table({"id": ["a", "b", "c"], "text": [GOOD, None, GOOD]}), parquet)
    code, out, _ = run_cli(capsys, "batch", str(parquet), "--errors",
                           str(tmp_path / "e.jsonl"), "-j", "1")
    assert code == 3 and len(out.splitlines()) == 2
    assert read_jsonl(tmp_path / "e.jsonl") == [
        {"row": 2, "id": "b", "error": "нет текста (null) в столбце «text»"}]
    book = openpyxl.Workbook()
    for row in (["id", "text"], ["a", GOOD], ["b", None], ["c", 3.5], ["d", GOOD]):
        book.active.append(row)
    book.save(tmp_path / "r.xlsx")
    code, out, err = run_cli(capsys, "batch", str(tmp_path / "r.xlsx"), "-j", "1")
    assert code == 3 and len(out.splitlines()) == 2
    assert ":3: строка пропущена: нет текста (null)" in err
    assert ":4: строка пропущена: не текст, а число: 3.5 в столбце «text»" in err


def test_a_failed_run_leaves_the_old_report(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    """A file that breaks off (cut inside a UTF-16 character) stops the run with exit 2;
    the old report and errors file are untouched and no temporary file is left."""
    out = tmp_path / "report.jsonl"
    out.write_text("old report\n", encoding="utf-8")
    (tmp_path / "report.errors.jsonl").write_text("old errors\n", encoding="utf-8")
    cut = tmp_path / "cut.jsonl"
    cut.write_bytes((json.dumps({"text": GOOD}, ensure_ascii=False) + "\n").encode("utf-16")
                    + b"\x00")
    code, _, err = run_cli(capsys, "batch", str(cut), "--out", str(out), "-j", "1")
    assert code == 2 and "cut.jsonl:2: не текст в кодировке utf-16" in err
    assert out.read_text(encoding="utf-8") == "old report\n"
    assert (tmp_path / "report.errors.jsonl").read_text(encoding="utf-8") == "old errors\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cut.jsonl", "report.errors.jsonl", "report.jsonl"]


def test_ctrl_c_leaves_the_old_report(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import tonecoach.integrations.batch as batch

    real = batch.check_many

    def interrupted(rows: Any, **kwargs: Any) -> Any:
        yield from list(real(rows, **kwargs))[:1]
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "check_many", interrupted)
    path = jsonl_with_bad_rows(tmp_path)
    out = tmp_path / "report.jsonl"
    out.write_text("old report\n", encoding="utf-8")
    code, _, _ = run_cli(capsys, "batch", str(path), "--out", str(out), "-j", "1")
    assert code == 130
    assert out.read_text(encoding="utf-8") == "old report\n"
    assert not list(tmp_path.glob(".report*"))


def test_a_finished_run_replaces_the_report_keeping_its_mode(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"text": GOOD}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "report.jsonl"
    out.write_text("old\n" * 5, encoding="utf-8")
    out.chmod(0o640)
    assert run_cli(capsys, "batch", str(path), "--out", str(out), "-j", "1")[0] == 0
    assert len(read_jsonl(out)) == 1 and out.stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "report.errors.jsonl").read_text(encoding="utf-8") == ""


def _error_paths(tmp: Path) -> list[tuple[list[str], str]]:
    """(argv, what the one line must say) for every user error of batch and eval."""
    rows = tmp / "rows.jsonl"
    rows.write_text(json.dumps({"text": GOOD, "operator": "anna"}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    (tmp / "bad.parquet").write_bytes(b"PAR1 but not really")
    (tmp / "bad.xlsx").write_bytes(b"not a zip")
    (tmp / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    cases = tmp / "cases.jsonl"
    cases.write_text('{"text": "Напиши нам.", "expect": {"formality": true}}\n'
                     '{"text": "Напиши нам.", "expect": {"formalty": true}}\n',
                     encoding="utf-8")
    (tmp / "broken.jsonl").write_text('{"text": "x"}\n{"text": \n', encoding="utf-8")
    r = str(rows)
    return [
        (["batch", r, "-j", "0"], "-j/--processes: нужно 1 или больше, а не 0"),
        (["batch", r, "-j", "-2"], "-j/--processes: нужно 1 или больше, а не -2"),
        (["batch", r, "-j", "two"], "-j/--processes: нужно число процессов, а не «two»"),
        (["batch", r, "--out", str(tmp / "missing" / "r.jsonl")],
         f"--out {tmp / 'missing' / 'r.jsonl'}: нет папки {tmp / 'missing'}"),
        (["batch", r, "--out", str(tmp)], f"--out {tmp}: это папка"),
        (["batch", r, "--out", r], f"{r}: это входной файл"),
        (["batch", str(tmp / "bad.parquet")], "bad.parquet: это не файл Parquet"),
        (["batch", str(tmp / "bad.xlsx")], "bad.xlsx: это не книга Excel .xlsx"),
        (["batch", str(tmp / "old.xls")], "old.xls: нужен файл .csv, .tsv, .jsonl, "
         ".ndjson, .xlsx, .parquet (старый .xls сохраните как .xlsx или CSV)"),
        (["batch", str(tmp / "none.csv")], "none.csv: нет такого файла"),
        (["batch", str(tmp)], f"{tmp}: это папка; укажите файл"),
        (["batch", r, "--text-column", "reply"],
         f"--text-column: в {r} нет столбца «reply»; столбцы: text"),
        (["batch", r, "--group-by", "operatr"],
         f"--group-by: в {r} нет столбца «operatr» (может быть, «operator»?)"),
        (["batch", r, "--encoding", "cp12510"], f"{r}: неизвестная кодировка «cp12510»"),
        (["eval", str(cases)], "cases.jsonl:2: неизвестная категория «formalty» в \"expect\" "
         "(может быть, «formality»?); категории: formality, empathy"),
        (["eval", str(tmp / "broken.jsonl")], "broken.jsonl:2: ошибка в JSON: ожидалось значение"),
        (["eval", str(tmp)], f"{tmp}: это папка"),
        (["eval", str(tmp / "none.jsonl")], "none.jsonl: нет такого файла"),
        (["eval", str(rows), "--fix-categories", "formalty"],
         "--fix-categories: неизвестная категория «formalty» (может быть, «formality»?)"),
    ]


def test_every_user_error_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    for argv, message in _error_paths(tmp_path):
        code, out, err = run_cli(capsys, *argv)
        assert (code, out) == (2, ""), argv
        assert len(err.strip().splitlines()) == 1 and message in err, (argv, err)
        assert err.startswith("tonecoach: ") and "Traceback" not in err


@pytest.mark.slow
def test_error_paths_as_a_process_print_no_traceback(tmp_path: Path) -> None:
    """The same error paths through the installed command: stderr is the one line."""
    for argv, message in _error_paths(tmp_path):
        done = subprocess.run([sys.executable, "-m", "tonecoach", *argv], capture_output=True,
                              text=True, check=False, timeout=120)
        assert done.returncode == 2, (argv, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1 and message in done.stderr, argv
        assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command", ["batch", "eval"])
def test_help_describes_defaults_and_examples(capsys: pytest.CaptureFixture[str],
                                              command: str) -> None:
    code, out, _ = run_cli(capsys, command, "--help")
    assert code == 0
    assert "примеры:" in out and f"\n  tonecoach {command} " in out
    flat = " ".join(out.split())  # argparse wraps the options' help to the terminal
    assert "(по умолчанию: определяется сама)" in flat
    if command == "batch":
        assert "(по умолчанию: warning)" in flat and "(по умолчанию: text)" in flat
        assert "(заголовок — строка 1, так что первый ответ — строка 2" in flat
        assert "3 есть пропущенные строки" in flat


# -- --out that is not a regular file; two spellings of one file ------------------------------


def _one_good_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "ok.jsonl"
    path.write_text(json.dumps({"text": GOOD}, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_out_to_a_fifo_is_written_into_the_fifo(tmp_path: Path) -> None:
    import os
    import threading

    path = _one_good_jsonl(tmp_path)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    proc = subprocess.run([sys.executable, "-m", "tonecoach", "batch", str(path), "--out",
                           str(fifo), "-j", "1"], capture_output=True, text=True, timeout=120)
    reader.join(30)
    assert proc.returncode == 0, proc.stderr
    assert fifo.is_fifo() and len(got) == 1 and json.loads(got[0])["row"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "ok.jsonl"]


def test_out_to_dev_null_and_dev_stdout(tmp_path: Path) -> None:
    path = _one_good_jsonl(tmp_path)
    for target in ("/dev/null", "/dev/stdout"):
        proc = subprocess.run([sys.executable, "-m", "tonecoach", "batch", str(path), "--out",
                               target, "-j", "1"], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        if target == "/dev/stdout":
            assert json.loads(proc.stdout)["row"] == 1
    assert Path("/dev/null").is_char_device()


def test_out_through_a_symlink_replaces_the_target_and_keeps_the_link(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _one_good_jsonl(tmp_path)
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "report.jsonl"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "report.jsonl"
    link.symlink_to(target)
    assert run_cli(capsys, "batch", str(path), "--out", str(link), "--errors",
                   str(tmp_path / "e.jsonl"), "-j", "1")[0] == 0
    assert link.is_symlink() and len(read_jsonl(target)) == 1


@pytest.mark.parametrize("spelling", ["absolute", "dotted", "symlink", "hardlink"])
def test_errors_and_out_spelled_differently_are_refused(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        spelling: str) -> None:
    import os

    path = _one_good_jsonl(tmp_path)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "r2.jsonl"
    out.write_text("old\n", encoding="utf-8")
    other = {"absolute": str(out), "dotted": "./sub/../r2.jsonl",
             "symlink": str(tmp_path / "link.jsonl"), "hardlink": str(tmp_path / "hard.jsonl")}
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.jsonl").symlink_to(out)
    os.link(out, tmp_path / "hard.jsonl")
    code, _, err = run_cli(capsys, "batch", str(path), "--out", "r2.jsonl", "--errors",
                           other[spelling], "-j", "1")
    assert code == 2 and "это файл --out" in err
    code, _, err = run_cli(capsys, "batch", str(path), "--out", other[spelling].replace(
        "r2", "ok").replace("link", "ok").replace("hard", "ok"), "-j", "1")
    assert code == 2 and "это входной файл" in err
    assert out.read_text(encoding="utf-8") == "old\n"


# -- a reader that stops early ------------------------------------------------------------------


@pytest.mark.parametrize(("bad_row", "fail_on", "expected"),
                         [(True, "warning", 3), (False, "warning", 1), (False, "never", 0)])
def test_a_closed_pipe_keeps_the_exit_code_and_the_summary(
        tmp_path: Path, bad_row: bool, fail_on: str, expected: int) -> None:
    """`tonecoach batch f.jsonl | head -1`: the first report reaches head, the run goes on
    to the end, the summary is on stderr and the exit code is the run's, not 0."""
    path = tmp_path / "f.jsonl"
    lines = [json.dumps({"id": i, "text": TY}, ensure_ascii=False) for i in range(1500)]
    if bad_row:
        lines.append(json.dumps({"id": "x", "text": None}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    script = (f"{sys.executable} -m tonecoach batch {path} -j 1 --fail-on {fail_on} "
              f"2>{tmp_path / 'err'} | head -1; echo \"${{PIPESTATUS[0]}}\"")
    proc = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=300)
    first, status = proc.stdout.splitlines()
    assert json.loads(first)["row"] == 1
    assert int(status) == expected
    err = (tmp_path / "err").read_text(encoding="utf-8")
    assert "Traceback" not in err and "BrokenPipe" not in err
    assert "проверено ответов: 1\u00a0500" in err and "вывод закрыт раньше конца" in err
    assert ("пропущено строк: 1 " in err) == bad_row


def test_a_long_csv_cell_is_a_skipped_row_not_a_refused_file(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(f'id;text\n1;"{GOOD} {"а" * 200_000}"\n2;{GOOD}\n', encoding="utf-8")
    config = tmp_path / "tonecoach.toml"
    config.write_text("max_text_length = 100000\n", encoding="utf-8")
    out = tmp_path / "r.jsonl"
    code, _, _ = run_cli(capsys, "batch", str(path), "--out", str(out), "-j", "1",
                         "--config", str(config))
    assert code == 3 and [r["row"] for r in read_jsonl(out)] == [3]
    [error] = read_jsonl(tmp_path / "r.errors.jsonl")
    assert error["row"] == 2 and "можно не больше 100000" in error["error"]


# -- rows check_many cannot check: bad context cells, a rule pattern that times out ----------


def test_bad_context_cells_are_skipped_rows(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    rows = [{"id": 1, "text": GOOD, "channel": "Email", "first_reply": "да"},
            {"id": 2, "text": GOOD, "channel": "fax"},
            {"id": 3, "text": GOOD, "first_reply": "может быть"},
            {"id": 4, "text": GOOD, "client_name": 5},
            {"id": 5, "text": GOOD, "first_reply": "нет", "client_name": "Ольга"}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    out = tmp_path / "r.jsonl.out"
    code, _, err = run_cli(capsys, "batch", str(path), "--out", str(out), "--errors",
                           str(tmp_path / "e.jsonl"), "-j", "1")
    assert code == 3 and [r["id"] for r in read_jsonl(out)] == [1, 5]
    assert read_jsonl(tmp_path / "e.jsonl") == [
        {"row": 2, "id": 2, "error": "в столбце «channel» «fax»: нужно chat или email"},
        {"row": 3, "id": 3, "error": "в столбце «first_reply» «может быть»: нужно да или нет "
                                     "(true/false, 1/0, yes/no)"},
        {"row": 4, "id": 4, "error": "в столбце «client_name» число 5: нужен текст"}]
    assert "пропущено строк: 3" in err


SLOW_RULE = """\
pattern_timeout_ms: 50
rules:
  - code: ACME101
    name: slow
    category: etiquette
    message: "Медленный шаблон."
    patterns: ['(а|аа)+я']
"""


@pytest.mark.parametrize("processes", ["1", "2"])
def test_a_rule_pattern_timeout_skips_that_row_only(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path, processes: str) -> None:
    """0 of 299 rows were written: the timeout on one row ended the batch with exit 2."""
    rules = tmp_path / "company.yaml"
    rules.write_text(SLOW_RULE, encoding="utf-8")
    path = tmp_path / "r.jsonl"
    texts = [GOOD] * 300
    texts[150] = "а" * 40 + "б"
    path.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n"
                            for i, t in enumerate(texts)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, _ = run_cli(capsys, "batch", str(path), "--out", str(out), "--rules", str(rules),
                         "-j", processes)
    assert code == 3
    assert [r["id"] for r in read_jsonl(out)] == [i for i in range(300) if i != 150]
    [error] = read_jsonl(tmp_path / "out.errors.jsonl")
    assert error["row"] == 151 and "patterns[0] правила ACME101" in error["error"]


# -- the summary ------------------------------------------------------------------------------


def test_summary_in_russian_words_and_numbers(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    rows = [{"text": TY, "operator": "anna"}, {"text": TY}] * 600
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    code, _, err = run_cli(capsys, "batch", str(path), "--group-by", "operator", "-j", "1",
                           "--out", str(tmp_path / "o.jsonl"))
    assert code == 1
    assert "проверено ответов: 1\u00a0200" in err and "None" not in err
    assert "обращение" in err and "formality" not in err
    assert "(нет)" in err
    rate = err.split(" в секунду")[0].rsplit(", ", 1)[1]
    assert "," not in rate


def test_encoding_for_xlsx_or_parquet_is_a_warning(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    path = tmp_path / "r.parquet"
    pq.write_table(pa.table({"text": [GOOD]}), path)
    code, _, err = run_cli(capsys, "batch", str(path), "--encoding", "cp1251", "-j", "1")
    assert code == 0 and err.count("--encoding cp1251 не нужна для .parquet") == 1


def test_an_xlsx_formula_without_a_saved_value_says_so(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in (["id", "text", "operator"], ["1", GOOD, "anna"], ["2", '=B2&" Спасибо!"', "oleg"]):
        book.active.append(row)
    book.save(tmp_path / "r.xlsx")
    code, out, err = run_cli(capsys, "batch", str(tmp_path / "r.xlsx"), "-j", "1")
    assert code == 3 and len(out.splitlines()) == 1
    assert (":3: строка пропущена: формула без сохранённого значения в столбце «text»: "
            "откройте и сохраните файл в Excel") in err
