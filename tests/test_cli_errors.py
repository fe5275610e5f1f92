"""Every error path issue 14 found, in one table: each ends in one line on stderr, the
documented exit code (2: usage or input error; 3: a batch that skipped rows) and no traceback.
Run in-process: an exception escaping ``main`` fails the test as a traceback would."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run_cli

DRAFT = "Здравствуйте! Ваш заказ уже в пути."
GOOD_ROWS = [{"id": i, "text": DRAFT} for i in range(3)]


def _jsonl(tmp: Path, lines: list[str]) -> str:
    path = tmp / "replies.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _good_jsonl(tmp: Path) -> str:
    return _jsonl(tmp, [json.dumps(r, ensure_ascii=False) for r in GOOD_ROWS])


def _draft(tmp: Path) -> str:
    path = tmp / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    return str(path)


def _toml(tmp: Path, body: str) -> str:
    path = tmp / "tonecoach.toml"
    path.write_text(body, encoding="utf-8")
    return str(path)


def _cases(tmp: Path) -> str:
    path = tmp / "cases.jsonl"
    path.write_text(json.dumps({"id": "c1", "text": DRAFT, "expect": {"formalty": False}},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    return str(path)


def _case_file(tmp: Path, fields: dict[str, object]) -> str:
    """Two cases: a good one, then one with ``fields`` over it (line 2)."""
    path = tmp / "cases.jsonl"
    good = {"id": "c1", "text": DRAFT, "expect": {"formality": False}}
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n"
                            for c in (good, {**good, "id": "c2", **fields})), encoding="utf-8")
    return str(path)


def _not_parquet(tmp: Path) -> str:
    path = tmp / "replies.parquet"
    path.write_bytes(b"this is not parquet at all\n")
    return str(path)


# (id, argv builder, exit code, a fragment the one line must name; {tmp} is the test's folder)
PATHS: list[tuple[str, Callable[[Path], list[str]], int, str]] = [
    ("check --config <dir>", lambda t: ["check", _draft(t), "--config", str(t)], 2, "{tmp}"),
    ("eval <dir>", lambda t: ["eval", str(t)], 2, "{tmp}"),
    ("batch -j 0", lambda t: ["batch", _good_jsonl(t), "-j", "0"], 2, "-j"),
    ("batch --out into a missing folder",
     lambda t: ["batch", _good_jsonl(t), "--out", str(t / "nope" / "out.jsonl")], 2, "nope"),
    ("batch: a file that is not Parquet", lambda t: ["batch", _not_parquet(t)], 2,
     "replies.parquet"),
    ("check --select TC999", lambda t: ["check", _draft(t), "--select", "TC999"], 2, "TC999"),
    ("check --ignore TC1O1", lambda t: ["check", _draft(t), "--ignore", "TC1O1"], 2, "TC1O1"),
    ("[severity] TC999 in tonecoach.toml",
     lambda t: ["check", _draft(t), "--config", _toml(t, '[severity]\nTC999 = "info"\n')], 2,
     "TC999"),
    ("an unknown config key", lambda t: ["check", _draft(t), "--config",
                                         _toml(t, 'capitalvy = "lower"\n')], 2, "capital_vy"),
    ("batch --group-by operatr",
     lambda t: ["batch", _jsonl(t, [json.dumps({"text": DRAFT, "operator": "a"},
                                               ensure_ascii=False)]),
                "--group-by", "operatr", "--out", str(t / "o.jsonl")], 2, "operator"),
    ("eval label formalty", lambda t: ["eval", _cases(t)], 2, "formality"),
    ("check: no such file", lambda t: ["check", str(t / "missing.txt")], 2, "missing.txt"),
    ("check --sent-at garbage", lambda t: ["check", _draft(t), "--sent-at", "вчера"], 2, "вчера"),
    ("eval: client_name 5", lambda t: ["eval", _case_file(t, {"client_name": 5})], 2,
     'cases.jsonl:2: "client_name" должно быть строкой или null, а не число: 5'),
    ("eval: client_message [\"a\"]",
     lambda t: ["eval", _case_file(t, {"client_message": ["a"]})], 2,
     'cases.jsonl:2: "client_message" должно быть строкой или null, а не массив'),
    ("eval: fix 5", lambda t: ["eval", _case_file(t, {"fix": 5})], 2,
     'cases.jsonl:2: "fix" должно быть строкой или null, а не число: 5'),
    ("eval: a text over max_text_length",
     lambda t: ["eval", _case_file(t, {"text": "а" * 1_000_001})], 2,
     "cases.jsonl:2: в черновике 1000001 символ, а можно не больше 1000000"),
    ("eval --misses -1", lambda t: ["eval", _case_file(t, {}), "--misses", "-1"], 2,
     "--misses: нужно 0 или больше, а не -1"),
    ("batch: a JSONL line that is an array (the row is skipped, the run goes on)",
     lambda t: ["batch", _jsonl(t, [json.dumps(GOOD_ROWS[0], ensure_ascii=False), "[1, 2]"]),
                "--out", str(t / "o.jsonl")], 3, ""),
]


@pytest.mark.parametrize(("argv", "code", "names"), [p[1:] for p in PATHS],
                         ids=[p[0] for p in PATHS])
def test_error_path_is_one_line_with_its_exit_code(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        argv: Callable[[Path], list[str]], code: int, names: str) -> None:
    got, _, err = run_cli(capsys, *argv(tmp_path))
    assert got == code, err
    assert "Traceback" not in err
    if code == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        assert names.format(tmp=tmp_path) in lines[0]


def test_a_skipped_row_is_reported_with_its_line_number(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _jsonl(tmp_path, [json.dumps(GOOD_ROWS[0], ensure_ascii=False), "[1, 2]",
                               '{"text": null}', json.dumps(GOOD_ROWS[1], ensure_ascii=False)])
    out = tmp_path / "o.jsonl"
    code, _, _ = run_cli(capsys, "batch", source, "--out", str(out))
    assert code == 3
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    errors = [json.loads(line) for line in
              (tmp_path / "o.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["row"] for e in errors] == [2, 3]
