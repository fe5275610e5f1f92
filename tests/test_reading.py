"""tonecoach.integrations.reading: encodings (BOM, detection, forced), CSV dialects and
multiline cells, JSONL, Excel and Parquet with nulls, row numbers, bounded detection."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from tonecoach.integrations import reading
from tonecoach.integrations.reading import InputError, decode, open_table, read_jsonl

HEADER = ["id", "operator", "text"]
RECORDS = [
    ["1", "anna", "Здравствуйте, Ольга! Заказ в пути, курьер позвонит."],
    ["2", "oleg", "Привет; напиши нам,\nесли что-то пойдёт не так"],  # two lines, «;» and «,»
    ["3", "ivan", ""],
    ["4", "anna", 'Нажмите "Готово", затем «Оплатить».'],
]
DRAFT = "Привет! Напиши нам, если что-то пойдёт не так."


def csv_bytes(delimiter: str, encoding: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([HEADER, *RECORDS])
    return buffer.getvalue().encode(encoding)


def values(table: reading.Table) -> list[tuple[int, Any]]:
    return [(row.number, row.values.get("text")) for row in table.rows]


EXPECTED = [(2, RECORDS[0][2]), (3, RECORDS[1][2]), (5, None), (6, RECORDS[3][2])]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "utf-16", "utf-16-le",
                                      "utf-16-be", "utf-32"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_in_any_encoding_and_dialect(tmp_path: Path, encoding: str, delimiter: str) -> None:
    """The header comes out clean (no BOM in the first name), the delimiter is sniffed, a
    quoted cell keeps its line break, an empty cell is None, rows count lines as a user
    does (the two-line record moves the next one to line 5)."""
    path = tmp_path / "replies.csv"
    path.write_bytes(csv_bytes(delimiter, encoding))
    table = open_table(path)
    assert table.columns == HEADER
    assert values(table) == EXPECTED


def test_bom_never_leaks_into_a_draft() -> None:
    for codec in ("utf-8-sig", "utf-16", "utf-32"):
        assert decode(DRAFT.encode(codec), "d.txt") == DRAFT
    assert decode(b"\xef\xbb\xbf" + DRAFT.encode(), "d.txt", encoding="utf-8") == DRAFT


@pytest.mark.parametrize("codec", ["cp1251", "utf-16-le", "utf-16-be", "utf-32-le", "koi8-r"])
def test_encoding_is_detected_without_bom(codec: str) -> None:
    """UTF-16LE Cyrillic without BOM is valid ASCII byte by byte; it must not be read as
    UTF-8 (that gave a «clean» draft of control characters)."""
    assert decode(DRAFT.encode(codec), "d.txt") == DRAFT


def test_forced_encoding_wins_and_a_wrong_one_names_the_line() -> None:
    data = "Привет\nСкинь чек".encode("cp1251")
    assert decode(data, "d.txt", encoding="cp1251") == "Привет\nСкинь чек"
    assert decode(data, "d.txt", encoding="koi8-r") != "Привет\nСкинь чек"
    with pytest.raises(InputError, match=r"^d\.txt:1: байт 0xcf — не текст в кодировке utf-8; "
                                         ".*--encoding"):
        decode(data, "d.txt", encoding="utf-8")
    with pytest.raises(InputError, match=r"d\.txt: неизвестная кодировка «cp12510»"):
        decode(data, "d.txt", encoding="cp12510")


def test_nul_characters_are_an_error_not_a_draft() -> None:
    with pytest.raises(InputError, match=r"d\.txt:1: символ NUL .* без BOM\? .*--encoding"):
        decode("ok\x1b[31m".encode("utf-16-le"), "d.txt", encoding="utf-8")


def test_detection_reads_a_sample_not_the_file(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Detection looks at SAMPLE_BYTES whatever the size (a 1 GB export costs what 64 KB
    does); the rest is decoded as the rows are read."""
    seen: list[int] = []
    real = reading._oddities

    def spy(text: str) -> int:
        seen.append(len(text))
        return real(text)

    monkeypatch.setattr(reading, "_oddities", spy)
    path = tmp_path / "big.csv"
    line = "1;anna;Здравствуйте! Заказ передан курьеру, он позвонит за час.\n"
    path.write_bytes(("id;operator;text\n" + line * 8000).encode("cp1251"))
    assert path.stat().st_size > 4 * reading.SAMPLE_BYTES
    table = open_table(path)
    assert seen and max(seen) <= reading.SAMPLE_BYTES
    assert table.encoding == "cp1251"
    assert sum(1 for _ in table.rows) == 8000


def test_bytes_outside_the_encoding_make_that_row_bad(tmp_path: Path) -> None:
    """A UTF-8 file (Cyrillic from its start) with a Windows-1251 line later: that row is
    reported (with --encoding in the reason), the others are read."""
    path = tmp_path / "mixed.csv"
    ascii_part = "id,text\n" + "".join(f"{i},ок\n" for i in range(1, 20000))
    path.write_bytes(ascii_part.encode() + "20000,Привет\n".encode("cp1251") + b"20001,ok\n")
    rows = list(open_table(path).rows)
    bad = [r for r in rows if r.error]
    assert len(rows) == 20001 and [r.number for r in bad] == [20001]
    assert "нет в кодировке utf-8" in str(bad[0].error) and "--encoding" in str(bad[0].error)


def test_csv_records_that_do_not_fit_the_header_are_bad(tmp_path: Path) -> None:
    """Too many cells, a stray quote: the record is reported with its lines, the next
    record is read again."""
    path = tmp_path / "r.csv"
    path.write_text('id;text\n1;Привет\n2;Привет;лишнее\n3;"не закрыта\n4;ещё\n5;"ок" да\n'
                    '6;Пока\n7;"и эта\n', encoding="utf-8")
    rows = list(open_table(path).rows)
    assert rows[0].values == {"id": "1", "text": "Привет"}
    assert rows[1].number == 3 and "ячеек: 3, а столбцов в заголовке: 2" in str(rows[1].error)
    assert rows[2].number == 4 and "строки 4–6; строки после 4 прочитаны заново" in str(
        rows[2].error)
    assert rows[3].values == {"id": "4", "text": "ещё"}  # read again: not lost
    assert rows[4].number == 6 and "после закрывающей кавычки" in str(rows[4].error)
    assert rows[5].values == {"id": "6", "text": "Пока"}
    assert rows[6].number == 8 and str(rows[6].error).startswith(
        "ошибка в CSV: файл кончается внутри ячейки в кавычках")
    assert len(rows) == 7


def test_jsonl_rows_nulls_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text('{"text": "Привет"}\n\n[1, 2]\n{broken\n7\n{"text": null}\n',
                    encoding="utf-8-sig")
    rows = list(read_jsonl(path))
    assert [(r.number, r.error is None) for r in rows] == [
        (1, True), (3, False), (4, False), (5, False), (6, True)]
    assert "JSON-массив, а не объект" in str(rows[1].error)
    assert str(rows[2].error) == "ошибка в JSON: ожидалось имя поля в двойных кавычках (символ 2)"
    assert rows[4].values == {"text": None}
    assert open_table(path).columns == ["text"]


def test_xlsx_rows_count_as_the_sheet_does(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "text", None])
    sheet.append([1, "Привет!\nНапиши нам."])
    sheet.append([None, None])  # a blank row is skipped
    sheet.append([3, None])
    sheet.append([4, 42])
    path = tmp_path / "r.xlsx"
    book.save(path)
    table = open_table(path)
    assert table.columns == ["id", "text"] and table.total == 4
    assert values(table) == [(2, "Привет!\nНапиши нам."), (4, None), (5, 42)]


def test_parquet_keeps_nulls(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = tmp_path / "r.parquet"
    pq.write_table(pa.table({"text": ["Привет", None, ""], "n": [1.0, float("nan"), None]}),
                   path)
    table = open_table(path)
    assert table.total == 3 and table.columns == ["text", "n"]
    rows = list(table.rows)
    assert [r.values["text"] for r in rows] == ["Привет", None, ""]
    assert [r.number for r in rows] == [1, 2, 3]


@pytest.mark.parametrize(("name", "data", "message"), [
    ("g.parquet", b"not parquet at all", "g.parquet: это не файл Parquet"),
    ("g.xlsx", b"not a zip", "g.xlsx: это не книга Excel .xlsx"),
    ("g.xls", b"\xd0\xcf\x11\xe0", "g.xls: нужен файл .csv"),
    ("empty.csv", b"", "empty.csv: файл пуст"),
])
def test_unreadable_files_are_one_line(tmp_path: Path, name: str, data: bytes,
                                       message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as info:
        open_table(path)
    assert "\n" not in str(info.value)


def test_a_folder_or_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="это папка; укажите файл"):
        open_table(tmp_path)
    with pytest.raises(InputError, match=r"none\.txt: нет такого файла"):
        reading.read_text(tmp_path / "none.txt")


def test_a_file_cut_inside_a_character_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl"
    path.write_bytes((json.dumps({"text": "Привет"}) + "\n").encode("utf-16") + b"\x00")
    rows = read_jsonl(path)
    with pytest.raises(InputError, match=r"cut\.jsonl:2: не текст в кодировке utf-16: "
                       "файл обрывается посреди символа"):
        list(rows)


def test_count_lines_estimates_text_tables_and_knows_the_others(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    for encoding in ("utf-8", "utf-16", "utf-32"):
        path.write_bytes(csv_bytes(";", encoding))
        assert reading.count_lines(open_table(path)) == 5  # 4 records, one of two lines
    xlsx = pytest.importorskip("openpyxl").Workbook()
    for row in (["text"], ["a"], ["b"]):
        xlsx.active.append(row)
    xlsx.save(tmp_path / "r.xlsx")
    assert reading.count_lines(open_table(tmp_path / "r.xlsx")) == 2


def test_text_problem() -> None:
    assert reading.text_problem("Привет") is None
    assert reading.text_problem(" \n") == "пустой текст"
    assert reading.text_problem(None) == reading.text_problem(float("nan")) == "нет текста (null)"
    assert reading.text_problem(42) == "не текст, а число: 42"
    assert reading.text_problem(True) == "не текст, а логическое значение: True"


# -- detection: Windows-1251 first, and nothing implausible taken -----------------------------

BLIND = sorted((Path(__file__).parent.parent / "benchmarks" / "blind").glob("*.jsonl"))


def blind_texts() -> list[str]:
    texts = []
    for path in BLIND:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                texts += [case[k] for k in ("text", "client_message")
                          if isinstance(case.get(k), str)]
    return texts


ROUND_TRIP = ["cp1251", "koi8-r", "cp866", "utf-16", "utf-16-le", "utf-16-be", "utf-32-le"]


def _round_trip_failures(texts: list[str], codec: str) -> list[tuple[str, str]]:
    wrong = []
    for text in texts:
        try:
            data = text.encode(codec)
        except UnicodeEncodeError:  # an emoji in a single-byte encoding
            continue
        try:
            got = decode(data, "f.txt")
        except InputError as exc:
            got = str(exc)
        if got != text:
            wrong.append((text, got))
    return wrong


@pytest.mark.parametrize("codec", ROUND_TRIP)
def test_every_blind_draft_decodes_back_a_sample(codec: str) -> None:
    """19 of 741 blind drafts in Windows-1251 were read as Mac-Cyrillic («—ожалеем»)."""
    texts = blind_texts()
    assert len(texts) > 700
    assert _round_trip_failures(texts[::10], codec) == []


@pytest.mark.slow
@pytest.mark.parametrize("codec", ROUND_TRIP)
def test_every_blind_draft_decodes_back(codec: str) -> None:
    assert _round_trip_failures(blind_texts(), codec) == []


def test_windows_1251_capitals_are_not_mac_cyrillic(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import run_cli

    text = "Сожалеем, что у вас сложилось такое впечатление о нашей работе.\n"
    assert decode(text.encode("cp1251"), "f.txt") == text
    path = tmp_path / "f.txt"
    path.write_bytes(text.encode("cp1251"))
    code, out, _ = run_cli(capsys, "check", str(path))
    assert code == 1 and "TC303" in out


@pytest.mark.parametrize(("data", "message"), [
    ("Привет,\x00 как дела?".encode(), r"f\.txt:1: символ NUL .*--encoding"),
    (bytes(range(0x80, 0x100)) * 4, r"f\.txt: не удалось определить кодировку .*--encoding"),
    (bytes(range(1, 0x20)) * 8, r"f\.txt: не удалось определить кодировку .*--encoding"),
])
def test_an_implausible_reading_is_an_error_naming_the_file(data: bytes, message: str) -> None:
    """A UTF-8 file with one NUL was read as UTF-16BE Hangul; bytes that read as nothing
    Russian were taken as some encoding. Now: one line naming the file and --encoding."""
    with pytest.raises(InputError, match=message):
        decode(data, "f.txt")


def test_garbage_is_never_a_utf16_reading() -> None:
    for data in ("ты".encode("cp1251") + b"\x00", "Привет\x00мир".encode(),
                 "Вы".encode("cp1251") + b"\x00\x00"):
        found = reading.detect_encoding(data, complete=True)
        assert found is None or not found.startswith("utf-16"), (data, found)


def test_an_undefined_windows_1251_byte_is_one_bad_row(tmp_path: Path) -> None:
    """0x98 is not in Windows-1251: the row that has it is reported, the file is read."""
    path = tmp_path / "r.csv"
    rows = ["id;text", "1;Здравствуйте! Заказ в пути.", "2;Спасибо за ожидание.",
            "3;Ваш заказ передан курьеру."]
    data = "\n".join(rows).encode("cp1251").replace("ожидание".encode("cp1251"),
                                                     "ожи".encode("cp1251") + b"\x98")
    path.write_bytes(data + b"\n")
    table = open_table(path)
    assert table.encoding == "cp1251"
    got = list(table.rows)
    assert [r.number for r in got] == [2, 3, 4]
    assert got[1].error is not None and "cp1251" in got[1].error
    assert got[0].error is None and got[2].values["text"] == "Ваш заказ передан курьеру."


# -- CSV records that lose rows -----------------------------------------------------------------


def test_a_row_with_too_few_cells_is_bad(tmp_path: Path) -> None:
    """A reply broken by an unquoted line break: its second half (with the operator's name)
    is not a reply to check."""
    path = tmp_path / "r.csv"
    path.write_text("id;text;operator\n1;Здравствуйте! Заказ в пути.;anna\n"
                    "2;Здравствуйте! Курьер позвонит\nза час до приезда.;oleg\n"
                    "3;Спасибо за ожидание.;ivan\n", encoding="utf-8")
    rows = list(open_table(path).rows)
    assert [r.number for r in rows] == [2, 3, 4, 5]
    assert rows[1].error == ("ячеек: 2, а столбцов в заголовке: 3; перенос строки внутри "
                             "ячейки без кавычек?")
    assert rows[2].error is not None and rows[2].error.startswith("ячеек: 2,")
    assert rows[3].values["operator"] == "ivan"


def test_an_unclosed_quote_loses_only_its_row(tmp_path: Path) -> None:
    """«lines 12–2001 read as one record»: 1,990 good rows were lost. The rows after the
    opening line are read again."""
    lines = ["id;text"] + [f"{i};Здравствуйте! Ответ номер {i}." for i in range(1, 2001)]
    lines[11] = '11;"Здравствуйте! Кавычка не закрыта.'
    path = tmp_path / "r.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = list(open_table(path).rows)
    bad = [r for r in rows if r.error]
    assert [r.number for r in bad] == [12]
    assert "файл кончается внутри ячейки в кавычках" in str(bad[0].error)
    assert len(rows) == 2000 and rows[-1].values["text"] == "Здравствуйте! Ответ номер 2000."


def test_reading_again_stays_linear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every line opening a quote that never closes: each is read again at most once on
    the whole (the lines read again never outnumber the lines read)."""
    path = tmp_path / "r.csv"
    n = 3000
    path.write_text("id;text\n" + "".join(f'{i};"открыта\n' for i in range(n)),
                    encoding="utf-8")
    fed: list[int] = []
    real = reading._Feed.__next__

    def counting(self: reading._Feed) -> str:
        fed.append(1)
        return real(self)

    monkeypatch.setattr(reading._Feed, "__next__", counting)
    rows = list(open_table(path).rows)
    assert len(fed) <= 2 * (n + 1) + 1
    assert all(r.error for r in rows) and rows[0].number == 2


def test_a_cell_as_long_as_max_text_length_is_read(tmp_path: Path) -> None:
    """csv's limit was 131,072 characters: a long reply was «field larger than field
    limit»; now a cell up to max_text_length (and a margin) is read, a longer one is a bad
    row that says so."""
    path = tmp_path / "r.csv"
    long = "Здравствуйте! " + "а" * 500_000
    path.write_text(f'id;text\n1;"{long}"\n2;ok\n', encoding="utf-8")
    rows = list(open_table(path).rows)
    assert rows[0].values["text"] == long and rows[1].values["text"] == "ok"
    path.write_text(f'id;text\n1;"{"б" * 1_200_000}"\n2;ok\n', encoding="utf-8")
    rows = list(open_table(path).rows)
    assert rows[0].error is not None and "ячейка длиннее" in rows[0].error
    assert rows[-1].values == {"id": "2", "text": "ok"}
    reading.allow_cells(2_000_000)
    assert next(iter(open_table(path).rows)).values["text"] == "б" * 1_200_000


def test_an_ascii_start_does_not_decide_the_encoding(tmp_path: Path) -> None:
    """An export whose first 64 KB are ASCII (old rows in English) and whose Cyrillic rows
    come later in Windows-1251: those rows are read, not skipped as bad bytes."""
    from tonecoach.integrations.reading import SAMPLE_BYTES, decode, open_table

    ascii_rows = [f"{i};Order {i} shipped" for i in range(SAMPLE_BYTES // 16)]
    russian = ["9001;Сожалеем, что заказ задержался.", "9002;Ты где? Напиши нам."]
    data = "\n".join(["id;text", *ascii_rows, *russian]).encode("cp1251") + b"\n"
    assert data[:SAMPLE_BYTES].isascii() and len(data) > SAMPLE_BYTES
    path = tmp_path / "late.csv"
    path.write_bytes(data)
    rows = list(open_table(path).rows)
    assert [r.values["text"] for r in rows[-2:]] == [t.split(";")[1] for t in russian]
    assert all(r.error is None for r in rows)
    assert decode(data, "late.csv").endswith("Напиши нам.\n")


def test_a_quoted_multiline_record_one_cell_short_is_one_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text('id,text,channel\n1,"line one\nline2 ""q"" here\nline3",chat\n'
                    '2,"a\nb"\n3,ok,chat\n', encoding="utf-8")
    rows = list(open_table(path).rows)
    assert [(r.number, r.values.get("id"), bool(r.error)) for r in rows] == [
        (2, "1", False), (5, "2", True), (7, "3", False)]
