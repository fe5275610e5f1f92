"""Batches: check_many in one and two processes, and the `tonecoach batch` command."""

from __future__ import annotations

import csv
import json
import multiprocessing
import sys
import types
from pathlib import Path

import pytest

import tonecoach
from tonecoach.integrations.batch import RowError, check_many

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
    with pytest.raises(TypeError, match=r"row 0 .*the row is int"):
        list(check_many([5], n_process=1))  # type: ignore[list-item]


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
    errors = [r for r in check_many(rows, n_process=2, on_invalid="error",
                                    config=tonecoach.Config(max_text_length=50))
              if isinstance(r, RowError)]
    assert [e.position for e in errors] == [i for i, r in enumerate(rows)
                                            if r is None or (isinstance(r, dict) and (
                                                not isinstance(r.get("text"), str)
                                                or len(r["text"]) > 50))]


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


def test_check_many_keeps_a_few_rows_in_process() -> None:
    import tonecoach.integrations.batch as batch

    rows = ["Привет!"] * 10
    assert [r.text for r in batch.check_many(rows, n_process=4)] == rows


BLANKS = ["", "   ", {"text": "\n\t"}, {"text": ""}]


@pytest.mark.parametrize("blank", BLANKS, ids=repr)
def test_a_blank_reply_is_no_text_like_a_null(blank: object) -> None:
    """A blank reply is a missing value in a table (the CLI skips it): never a clean report
    from the batch faces, though ``tonecoach.check("")`` itself reports nothing."""
    assert tonecoach.check("").suggestions == []
    rows = ["Напиши нам.", blank, "Скинь фото чека."]
    results = check_many(rows, n_process=1)  # type: ignore[arg-type]
    assert next(results).suggestions
    with pytest.raises(ValueError, match=r"row 1 \(counting from 0\) has blank text in"):
        next(results)
    got = list(check_many(rows, n_process=1, on_invalid="none"))  # type: ignore[arg-type]
    assert [r is None for r in got] == [False, True, False]
    error = list(check_many(rows, n_process=1, on_invalid="error"))[1]  # type: ignore[arg-type]
    assert isinstance(error, RowError)
    assert (error.position, error.kind, error.value) == (
        1, "blank_text", blank["text"] if isinstance(blank, dict) else blank)
    assert error.field == ("text" if isinstance(blank, dict) else None)


GREET = "Добрый день! Заказ в пути."


@pytest.mark.parametrize(("cells", "context"), [
    ({"channel": "Email"}, {"channel": "email"}),
    ({"channel": " CHAT "}, {"channel": "chat"}),
    ({"channel": "", "first_reply": ""}, {}),
    ({"first_reply": "да"}, {"first_reply": True}),
    ({"first_reply": "НЕТ"}, {"first_reply": False}),
    ({"first_reply": "TRUE"}, {"first_reply": True}),
    ({"first_reply": "ИСТИНА"}, {"first_reply": True}),
    ({"first_reply": "no"}, {"first_reply": False}),
    ({"first_reply": 1}, {"first_reply": True}),
    ({"first_reply": 0.0}, {"first_reply": False}),
    ({"first_reply": float("nan"), "client_name": None}, {}),
    ({"client_name": "  ", "client_message": float("nan")}, {}),
    ({"client_name": "Ольга", "channel": "email"}, {"client_name": "Ольга", "channel": "email"}),
])
def test_context_cells_are_read_as_a_table_writes_them(cells: dict[str, object],
                                                       context: dict[str, object]) -> None:
    expected = tonecoach.check(GREET, context=tonecoach.Context(**context))  # type: ignore[arg-type]
    assert list(check_many([{"text": GREET, **cells}], n_process=1)) == [expected]


def test_numpy_and_pandas_cells_are_read() -> None:
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    rows = [{"text": GREET, "first_reply": np.int64(1), "channel": "EMAIL"},
            {"text": GREET, "first_reply": np.bool_(False), "client_name": pd.NA},
            {"text": GREET, "first_reply": np.float64(1.0)}]
    assert list(check_many(rows, n_process=1)) == [
        tonecoach.check(GREET, context=tonecoach.Context(first_reply=True, channel="email")),
        tonecoach.check(GREET),
        tonecoach.check(GREET, context=tonecoach.Context(first_reply=True))]


@pytest.mark.parametrize(("cells", "field"), [
    ({"channel": "fax"}, "channel"),
    ({"channel": 1}, "channel"),
    ({"first_reply": "maybe"}, "first_reply"),
    ({"first_reply": 2}, "first_reply"),
    ({"client_name": 42}, "client_name"),
    ({"client_message": ["Где заказ?"]}, "client_message"),
])
def test_a_bad_context_cell_is_one_rows_error(cells: dict[str, object], field: str) -> None:
    """A cell that cannot be read fails its row only, like a null text, and says which and
    why; the rows around it are checked."""
    rows = [GREET, {"text": GREET, **cells}, GREET]
    results = check_many(rows, n_process=1)
    assert next(results) == tonecoach.check(GREET)
    with pytest.raises(ValueError, match=rf"row 1 \(counting from 0\) has a bad '{field}' "
                       r"\(got .*\): expected"):
        next(results)
    assert [r is None for r in check_many(rows, n_process=1, on_invalid="none")] == [
        False, True, False]
    got = list(check_many(rows, n_process=1, on_invalid="error"))
    error = got[1]
    assert isinstance(error, RowError) and got[2] == tonecoach.check(GREET)
    assert (error.position, error.kind, error.field, error.value) == (
        1, "bad_context", field, cells[field])
    assert str(error) == error.reason and error.reason.startswith(f"a bad '{field}'")
    assert isinstance(error.exception(), ValueError)


def test_row_error_kinds_raise_the_documented_exceptions() -> None:
    config = tonecoach.Config(max_text_length=5)
    rows: list[object] = [{"text": None}, "", "длинный ответ", {"text": "да", "channel": "sms"}]
    got = list(check_many(rows, n_process=1, on_invalid="error",  # type: ignore[arg-type]
                          config=config))
    assert all(isinstance(e, RowError) for e in got)
    kinds = [e.kind for e in got if isinstance(e, RowError)]
    assert kinds == ["no_text", "blank_text", "too_long", "bad_context"]
    assert [type(e.exception()) for e in got if isinstance(e, RowError)] == [
        TypeError, ValueError, tonecoach.TextTooLongError, ValueError]


def test_no_workers_start_inside_a_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """While a spawned worker starts it re-runs the main script with ``parent_process()``
    still None: multiprocessing's ``_inheriting`` (and ``__mp_main__``) tell it apart, and
    it checks in-process; a pool's worker is daemonic and may have no children. A user's
    own (non-daemonic) process may start workers."""
    import tonecoach.integrations.batch as batch

    me = multiprocessing.current_process()
    assert not batch._in_worker()
    monkeypatch.setattr(me, "_inheriting", True, raising=False)
    assert batch._in_worker() and not batch._safe_to_spawn()
    monkeypatch.undo()
    monkeypatch.setattr(me, "_config", {**me._config, "daemon": True})
    assert batch._in_worker()
    monkeypatch.undo()
    monkeypatch.setattr(me, "name", "Process-1")  # a user's own process
    assert not batch._in_worker()
    monkeypatch.undo()
    fake = types.ModuleType("__mp_main__")
    monkeypatch.setitem(sys.modules, "__main__", fake)
    assert batch._in_worker()


def test_python_m_packages_are_never_re_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """``python -m tonecoach`` (or ``pytest``): multiprocessing does not re-run a package's
    ``__main__`` in a worker, so nothing is warned about or held back."""
    import importlib.machinery

    import tonecoach.integrations.batch as batch

    main = types.ModuleType("__main__")
    main.__file__ = str(Path(tonecoach.__file__).parent / "__main__.py")
    main.__spec__ = importlib.machinery.ModuleSpec("tonecoach.__main__", None)
    monkeypatch.setitem(sys.modules, "__main__", main)
    assert batch._main_is_rerun() is None
    assert batch._safe_to_spawn()


def test_every_spelling_of_the_main_guard_counts(tmp_path: Path) -> None:
    """``==`` either way round, inside an ``and``, and the ``else`` of ``!=``."""
    from tonecoach.integrations.batch import _guarded_lines

    script = tmp_path / "s.py"
    script.write_text(
        'if __name__ == "__main__":\n    a = 1\n'          # lines 1-2
        'if "__main__" == __name__ and True:\n    b = 2\n'  # 3-4
        'if __name__ != "__main__":\n    c = 3\nelse:\n    d = 4\n'  # 5-8
        'if __name__ != "__main__" or x:\n    e = 5\n', encoding="utf-8")  # 9-10: not one
    assert _guarded_lines(script, 0.0) == ((2, 2), (4, 4), (8, 8))
