"""What reading a file says to a CLI user is Russian: every InputError of
tonecoach.integrations.reading and eval's cases, every reason a batch row is skipped, the
eval table and the rules --verify summary. Only what must stay as it is stays Latin: file
names, option names, encodings, values, codes, JSON keys and the format names (JSON, CSV,
UTF, BOM, NUL, Excel, Parquet)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tonecoach.integrations import reading
from tonecoach.integrations.evaluate import read_cases
from tonecoach.integrations.reading import InputError, decode, open_table, read_jsonl

from .conftest import run_cli

# What is Latin on purpose, cut out before looking for English words
_KEPT = [
    r"\(подробности: [^)]*\)",  # a library's own words about a damaged Excel/Parquet file
    r"«[^»]*»",  # a value, a column, a category as the user wrote it
    r"pip install '[^']*'",
    r"--[\w-]+",  # options
    r"\{[^}]*\}",  # a JSON example such as {"text": …}
    r'"\w+"',  # a JSON key
    r"expect\.\w+",
    r"\b0x[0-9a-f]+",  # a byte
    r"\S+\.(?:csv|tsv|jsonl|ndjson|xlsx|xls|parquet|txt)\b",  # file names
    r"\.(?:csv|tsv|jsonl|ndjson|xlsx|xls|parquet)\b",  # suffixes
    r"\b(?:utf|cp|koi|ascii)[\w-]*",  # encodings
    r"\b(?:JSON|CSV|UTF|BOM|NUL|Excel|Parquet|null|true|false|True|False|openpyxl|pyarrow|"
    r"max_text_length)\b",
    r"\b(?:formality|empathy|apology|brevity|name|etiquette)\b",  # the categories
]
_ENGLISH = re.compile(r"[A-Za-z]{3,}")


def english_words(message: str, *known: str) -> list[str]:
    """The runs of three or more Latin letters in ``message`` that are not kept on purpose
    (``known``: paths and values of this test, cut out first)."""
    for text in sorted(known, key=len, reverse=True):
        message = message.replace(text, " ")
    for pattern in _KEPT:
        message = re.sub(pattern, " ", message)
    return _ENGLISH.findall(message)


def _input_error(call: Callable[[], Any]) -> str:
    with pytest.raises(InputError) as info:
        call()
    return str(info.value)


def _write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _input_errors(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every InputError reading.py and read_cases raise, one of each."""
    cp1251 = "Привет\nСкинь чек".encode("cp1251")
    cut = (json.dumps({"text": "Привет"}) + "\n").encode("utf-16") + b"\x00"
    messages = [
        _input_error(lambda: decode(cp1251, "d.txt", encoding="utf-8")),
        _input_error(lambda: decode(cp1251, "d.txt", encoding="cp12510")),
        _input_error(lambda: decode("ok".encode("utf-16-le"), "d.txt", encoding="utf-8")),
        _input_error(lambda: open_table(tmp)),
        _input_error(lambda: open_table(tmp / "none.csv")),
        _input_error(lambda: open_table(_write(tmp / "old.xls", b"\xd0\xcf\x11\xe0"))),
        _input_error(lambda: open_table(_write(tmp / "empty.csv", b""))),
        _input_error(lambda: open_table(_write(tmp / "head.csv", b"id,te\xffxt\n1,a\n"), "utf-8")),
        _input_error(lambda: list(read_jsonl(_write(tmp / "cut.jsonl", cut)))),
        _input_error(lambda: open_table(_write(tmp / "bad.xlsx", b"not a zip"))),
        _input_error(lambda: open_table(_write(tmp / "bad.parquet", b"not parquet at all"))),
    ]
    for case in ('{"text": 5}', "[1]", '{"text": "a", "expect": [1]}',
                 '{"text": "a", "expect": {"formalty": true}}',
                 '{"text": "a", "expect": {"formality": 1}}'):
        messages.append(_input_error(lambda c=case: read_cases(_write(tmp / "c.jsonl", c))))
    with monkeypatch.context() as m:
        m.setattr(reading, "detect_encoding", lambda *_a, **_k: None)
        messages.append(_input_error(lambda: decode(b"x", "d.txt")))
    with monkeypatch.context() as m:
        m.setitem(sys.modules, "openpyxl", None)
        messages.append(_input_error(lambda: open_table(_write(tmp / "a.xlsx", b"x"))))
    with monkeypatch.context() as m:
        m.setitem(sys.modules, "pyarrow.parquet", None)
        messages.append(_input_error(lambda: open_table(_write(tmp / "a.parquet", b"x"))))
    return messages


def test_reading_errors_are_russian(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    messages = _input_errors(tmp_path, monkeypatch)
    assert len(messages) == 19
    for message in messages:
        assert "\n" not in message
        assert re.search("[а-яё]{3,}", message), message
        assert english_words(message, str(tmp_path)) == [], message


def test_skipped_row_reasons_are_russian(tmp_path: Path) -> None:
    """Every reason a row is skipped: broken JSON (each of the json module's reasons), a
    line that is not an object, bytes not in the encoding, a NUL, a record that does not fit
    the header or breaks CSV, a cell that is not text."""
    lines = ["{", '{"a": }', '{"a" 1}', '{"a":1 "b"}', '{"a": "x', '{"a": "\x01"}', '{"a": "\\q"}',
             '{"a": "\\u12"}', "{} 1", "[1, 2]", "7", '"x"', "null"]
    jsonl = _write(tmp_path / "r.jsonl", "\n".join(lines) + "\n")
    reasons = [str(row.error) for row in read_jsonl(jsonl)]
    assert len(reasons) == len(lines) and "None" not in reasons
    csv = _write(tmp_path / "r.csv", 'id;text\n1;a;b\n2;"не закрыта\n3;ещё\n4;"ок" да\n'
                 '5;"и эта\n')
    reasons += [str(row.error) for row in open_table(csv).rows if row.error]
    mixed = _write(tmp_path / "m.csv", b"id,text\n1,ok\n2,\xcf\xf0\xe8\n3,a\x00b\n")
    reasons += [str(row.error) for row in open_table(mixed, "utf-8").rows if row.error]
    assert len(reasons) == len(lines) + 6  # the lines after an open quote are read again
    reasons += [str(reading.text_problem(v)) for v in ("", None, 5, 2.5, True, [1], {"a": 1})]
    for reason in reasons:
        assert english_words(reason) == [], reason
    assert "ошибка в JSON: ожидалось значение (символ 7)" in reasons


def test_batch_skipped_lines_and_eval_table_are_russian(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    rows = [{"id": "a", "text": "Привет! Напиши нам."}, {"id": "b", "text": None},
            {"id": "c", "text": 5}, {"id": "d", "text": "я" * 50}]
    source = _write(tmp_path / "r.jsonl", "\n".join(json.dumps(r, ensure_ascii=False)
                                                    for r in rows) + "\n[1]\n")
    config = _write(tmp_path / "tonecoach.toml", "max_text_length = 40\n")
    code, _, err = run_cli(capsys, "batch", str(source), "-j", "1", "--config", str(config))
    assert code == 3
    skipped = [line for line in err.splitlines() if "строка пропущена" in line]
    assert [line.split(": ", 2)[1] for line in skipped] == [
        f"{source}:{n}" for n in (2, 3, 4, 5)]
    assert skipped[2].endswith(": в ответе 50 символов, а можно не больше 40 "
                               "(max_text_length в настройках)")
    for line in skipped:
        assert english_words(line, str(source)) == ["tonecoach"], line

    cases = _write(tmp_path / "cases.jsonl", json.dumps(
        {"id": "c1", "text": "Напиши нам!!!", "expect": {"formality": False},
         "fix": "Напиши нам."}, ensure_ascii=False) + "\n")
    code, out, _ = run_cli(capsys, "eval", str(cases))
    assert code == 0
    assert out.splitlines()[1].split() == ["категория", "TP", "FP", "FN", "TN", "точность",
                                           "полнота"]
    assert "c1 formality лишнее замечание: Напиши нам!!!" in out
    assert "    ожидалось:  Напиши нам.\n    получилось: " in out
    kept = ("TP", "FP", "FN", "TN", "TC101", "TC103", "c1")
    assert english_words(out, *kept) == [], out


@pytest.mark.parametrize(("rules", "expected"), [
    ("TC101", "1 правило, {n} примеров: все сходятся"),
    ("TC101,TC102", "2 правила, {n} примеров: все сходятся"),
])
def test_verify_summary_agrees_with_its_numbers(capsys: pytest.CaptureFixture[str],
                                                rules: str, expected: str) -> None:
    from tonecoach.coach import Coach
    from tonecoach.integrations.cli.output import plural

    coach = Coach()
    n = sum(len(coach.rules[c].examples.fail) + len(coach.rules[c].examples.pass_)
            for c in rules.split(","))
    code, out, _ = run_cli(capsys, "rules", "--verify", "--select", rules)
    assert code == 0
    want = expected.format(n=n).replace(f"{n} примеров", plural(n, "пример"))
    assert out.splitlines()[-1] == want
