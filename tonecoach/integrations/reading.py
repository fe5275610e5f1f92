"""Reading what users hand to tonecoach: a draft, or a table of replies (CSV, JSONL, Excel,
Parquet), in whatever encoding it was saved. ``check``, ``eval`` and ``batch`` read through
this module.

- Encoding: a BOM decides (UTF-8, UTF-16, UTF-32); else UTF-8 when the sample is UTF-8; else
  the encoding Russian text is saved in (UTF-16/32 without BOM, Windows-1251, KOI8-R, CP866)
  whose reading of the sample looks most like Russian — none, and an error asking for
  ``--encoding``, when no reading does. Only a sample is looked at (``SAMPLE_BYTES``), so
  detection costs the same on 1 KB and on 1 GB. ``encoding=`` forces one.
- A file that cannot be read at all raises :class:`InputError`, whose message is one line
  in Russian (it reaches the CLI's users as is): the file, the line or row, and what to do.
- A table is read lazily, a :class:`Row` at a time. A row that cannot be read (broken JSON, a
  line that is not an object, bytes not in the file's encoding) comes with ``error`` set (in
  Russian too), so the caller can report it and go on.

Row numbers are 1-based and count what the user sees: the line where a record starts in CSV
(the header is line 1, so the first record is line 2 — Excel's row number too, unless a
cell above spans lines) and in JSONL, the sheet row in Excel (the header is row 1), the record
in Parquet (no header: the first record is 1).
"""

from __future__ import annotations

import codecs
import csv
import json
import math
import re
import zipfile
from collections import Counter, deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import chain, islice, zip_longest
from pathlib import Path
from typing import Any, BinaryIO

__all__ = [
    "NO_FORMULA_VALUE",
    "SAMPLE_BYTES",
    "SUFFIXES",
    "InputError",
    "Row",
    "Table",
    "allow_cells",
    "count_lines",
    "decode",
    "detect_encoding",
    "open_table",
    "read_jsonl",
    "read_text",
    "text_problem",
    "value_kind",
]

SAMPLE_BYTES = 1 << 16
_NON_ASCII = re.compile(rb"[\x80-\xff]")
"""How much of a file encoding and CSV-dialect detection look at."""

SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".xlsx", ".parquet")

# The encodings a Russian export without BOM is found in, in the order ties go: UTF-16/32
# (tried only when the sample has control bytes: Cyrillic in UTF-16LE is bytes 0x04 and
# 0x10-0x4f, valid ASCII), then the single-byte ones — Windows-1251 first. Each decoding is
# scored by how much it reads like Russian (_oddities, _cost); Mac-Cyrillic and ISO
# 8859-5 are not guessed (Windows-1251 capitals read as Mac-Cyrillic are «—ожалеем»).
_WIDE = ("utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be")
_SINGLE_BYTE = ("cp1251", "koi8_r", "cp866")
_IMPLAUSIBLE = 0.2  # a decoding with more oddities a character is not taken: --encoding
# What Russian text is made of: whitespace (a no-break space is odd: it is CP866's «а»
# read as Windows-1251), printable ASCII, Russian letters, the usual
# typographic punctuation, emoji; anything else in a decoding counts against it
_ODD = re.compile("[^ \\t\\r\\n\\f\\v!-~А-яЁё«»—–…№„“”‘’•€₽×\u2010-\u2027\u2116\u2122"
                  "\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]")
_CAMEL = re.compile("(?<=[а-яё])[А-ЯЁ]")  # «уПЦБМ»: a capital after a small letter
# How rare each Russian letter is (−ln of its share in Russian text): Windows-1251, KOI8-R
# and CP866 put the letters in different orders, so a wrong reading is made of rarer ones
# («скока» in Windows-1251 read as KOI8-R is «ЯЙНЙЮ»), whatever the case
_LETTER_COST = {ch: -math.log(share / 100) for ch, share in zip(
    "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
    (10.97, 8.45, 8.01, 7.35, 6.70, 6.26, 5.47, 4.73, 4.54, 4.40, 3.49, 3.21, 2.98, 2.81,
     2.62, 2.01, 1.90, 1.74, 1.70, 1.65, 1.59, 1.44, 1.21, 0.97, 0.94, 0.73, 0.64, 0.48,
     0.36, 0.32, 0.26, 0.04, 0.04), strict=True)}
_ODD_COST = 8.0  # an odd character costs as much as a letter rarer than «ъ»
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
# Control bytes no text has; UTF-16/32 without BOM is full of them (Cyrillic in UTF-16LE is
# bytes 0x04 and 0x10-0x4f: valid ASCII, so valid UTF-8)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes surrogateescape kept: not in the encoding
_DELIMITERS = ",;\t"
_PEEK = 100  # JSONL has no header: its columns are the keys of the first objects
# What a value is, in the words of the messages («не текст, а число: 5»)
_KINDS = {"int": "число", "float": "число", "Decimal": "число", "bool": "логическое значение",
          "str": "строка", "list": "массив", "tuple": "массив", "dict": "объект",
          "NoneType": "null", "datetime": "дата и время", "Timestamp": "дата и время",
          "date": "дата", "time": "время", "timedelta": "промежуток времени",
          "bytes": "байты"}
# The json module's reasons (the C scanner's and the Python one's), by how they begin
_JSON_REASONS = (
    ("Expecting value", "ожидалось значение"),
    ("Expecting property name", "ожидалось имя поля в двойных кавычках"),
    ("Expecting ':'", "ожидалось «:»"),
    ("Expecting ','", "ожидалась запятая"),
    ("Unterminated string", "не закрыта кавычка"),
    ("Invalid control character", "управляющий символ внутри строки"),
    ("Invalid \\uXXXX", "неверный код символа после «\\u»"),
    ("Invalid \\escape", "неверный символ после «\\»"),
    ("Extra data", "после объекта есть что-то ещё"),
    ("Illegal trailing comma", "лишняя запятая перед концом"),
)
# The csv module's reasons in strict mode
_CSV_REASONS = (
    (re.compile(r"'(.)' expected after '\"'"),
     "после закрывающей кавычки нужен разделитель «{0}»: кавычка внутри ячейки не удвоена?"),
    (re.compile(r"unexpected end of data"),
     "файл кончается внутри ячейки в кавычках: кавычка не закрыта?"),
    (re.compile(r"field larger than field limit \((\d+)\)"),
     "ячейка длиннее {0} символов: кавычка не закрыта или ответ длиннее max_text_length?"),
)
_DEFAULT_CELL = 1_000_000  # Config.max_text_length's default: such a cell is read
_CELL_MARGIN = 1 << 16
_SEE_ENCODING = "укажите кодировку файла в --encoding (например, cp1251, utf-16)"


class InputError(ValueError):
    """A file that cannot be read as asked. The message is one line: the file, the line or
    row where that is known, and what to do."""


@dataclass(frozen=True)
class Row:
    """One record of a table: its 1-based ``number`` (see the module's note) and its
    ``values`` by column, or ``error`` saying why it could not be read."""

    number: int
    values: Mapping[str, Any]
    error: str | None = None


@dataclass
class Table:
    """An opened table: its ``columns`` (JSONL: the keys of its first objects), its rows
    (read lazily), ``total`` rows when the format knows it up front, and the ``encoding``
    a text file is read in."""

    path: Path
    columns: list[str]
    rows: Iterator[Row]
    total: int | None = None
    encoding: str | None = None


class _NoFormulaValue:
    """An Excel cell with a formula and no value saved for it."""

    def __repr__(self) -> str:
        return "(формула без значения)"


NO_FORMULA_VALUE: Any = _NoFormulaValue()
"""The value of an Excel cell whose formula has no saved value (a file written by a
program, never opened and saved in Excel)."""


def text_problem(value: Any) -> str | None:
    """Why ``value`` is not a reply to check (a null, a blank or a non-text cell), or None.
    A blank cell counts as a null: in CSV and Excel that is how a missing value is written."""
    if isinstance(value, str):
        return None if value.strip() else "пустой текст"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "нет текста (null)"
    if value is NO_FORMULA_VALUE:
        return "формула без сохранённого значения: откройте и сохраните файл в Excel"
    return f"не текст, а {_kind(value)}: {value!r:.40}"


def value_kind(value: Any) -> str:
    """What ``value`` is, in Russian: «число», «строка», «массив», …"""
    return _kind(value)


def _kind(value: Any) -> str:
    name = type(value).__name__
    return _KINDS.get(name, name)


# -- encodings ------------------------------------------------------------------------------


def detect_encoding(sample: bytes, *, complete: bool = False) -> str | None:
    """The encoding of a file that starts with ``sample`` (``complete``: the sample is the
    whole file), or None when it cannot be told. A BOM decides; then strict UTF-8; then the
    decoding among UTF-16/32 without BOM (only when the sample has control bytes), UTF-8
    with control characters, Windows-1251, KOI8-R and CP866 that reads most like Russian
    text (:func:`_oddities`) — Windows-1251 unless another is clearly better, and none
    when none is plausible. A few bytes not in an encoding do not rule it out: the rows
    that hold them are reported when read."""
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    control = _CONTROL.search(sample) is not None
    if not control and _is_utf8(sample, complete):
        return "utf-8"
    if control:
        found = _most_plausible(sample, _WIDE, complete)
        if found is not None:
            return found
        if _is_utf8(sample, complete):  # a NUL or an escape in UTF-8 text: a row says so
            return _most_plausible(sample, ("utf_8",), complete)
    return _most_plausible(sample, _SINGLE_BYTE, complete)


def _is_utf8(sample: bytes, complete: bool) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _most_plausible(sample: bytes, candidates: tuple[str, ...], complete: bool) -> str | None:
    """The candidate whose decoding of ``sample`` reads most like Russian (the lowest
    :func:`_cost`; ties: the earlier one), if that decoding is plausible at all: no more
    than ``_IMPLAUSIBLE`` of its characters odd."""
    best, lowest = None, 0.0
    for name in candidates:
        text = codecs.getincrementaldecoder(name)(errors="replace").decode(sample,
                                                                           final=complete)
        odd = _oddities(text)
        if odd > _IMPLAUSIBLE * len(text):
            continue
        cost = _cost(text, odd)
        if best is None or cost < lowest:
            best, lowest = name, cost
    return None if best is None else codecs.lookup(best).name


def _oddities(text: str) -> int:
    """How much ``text`` does not look like Russian (or plain ASCII) text: the characters
    such a text is not made of (it is made of whitespace, ASCII, Russian letters, the usual
    punctuation, emoji), plus the capitals right after a small letter — Windows-1251 and
    KOI8-R differ in case too: «Сожалеем» in KOI8-R read as Windows-1251 is «уПЦБМЕЕН»."""
    return len(_ODD.findall(text)) + len(_CAMEL.findall(text))


def _cost(text: str, oddities: int) -> float:
    """How unlike Russian ``text`` reads: the rarity of its letters plus its oddities."""
    counts = Counter(text.casefold())
    return (sum(n * _LETTER_COST[ch] for ch, n in counts.items() if ch in _LETTER_COST)
            + _ODD_COST * oddities)


def _resolve(head: bytes, forced: str | None, source: object, *, complete: bool) -> str:
    """The codec to read with: ``forced`` (its BOM-eating variant when the file starts with
    that BOM, so a BOM never leaks into the text) or the detected one."""
    if forced is None:
        found = detect_encoding(head, complete=complete)
        if found is None:
            raise InputError(f"{source}: не удалось определить кодировку текста (ни в одной "
                             "из известных он не похож на русский текст); укажите её в "
                             "--encoding (например, cp1251, koi8-r, utf-16-le)")
        return found
    try:
        name = codecs.lookup(forced).name
    except LookupError:
        raise InputError(f"{source}: неизвестная кодировка «{forced}»; укажите, например, "
                         "utf-8, cp1251, koi8-r или utf-16") from None
    for bom, bom_codec in _BOMS:
        if head.startswith(bom) and name.startswith(bom_codec.removesuffix("-sig")):
            return bom_codec
    return name


def _telling(head: bytes) -> bool:
    """Whether a sample can tell the encoding: it holds a byte outside ASCII or a control
    byte (UTF-16/32). An export's first 64 KB may be plain ASCII (old rows in English,
    ids, dates) with the Cyrillic only further on."""
    return not head.isascii() or _CONTROL.search(head) is not None


def _window(data: bytes, at: int) -> bytes:
    """``SAMPLE_BYTES`` of ``data`` from the start of the line that holds byte ``at``."""
    start = data.rfind(b"\n", 0, at) + 1
    return data[start:start + SAMPLE_BYTES]


def decode(data: bytes, source: object, encoding: str | None = None) -> str:
    """``data`` as text (encoding forced or detected from a sample: the first 64 KB, or
    from the first line outside ASCII on when those are plain ASCII); ``source`` names it
    in the one-line :class:`InputError` raised when it cannot be decoded."""
    head = data[:SAMPLE_BYTES]
    if encoding is None and len(data) > SAMPLE_BYTES and not _telling(head):
        found = _NON_ASCII.search(data, SAMPLE_BYTES)
        if found is not None:
            head = _window(data, found.start())
    codec = _resolve(head, encoding, source, complete=len(data) <= SAMPLE_BYTES)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(codec, errors="replace").count("\n") + 1
        raise InputError(f"{source}:{line}: байт {data[exc.start]:#04x} — не текст в кодировке "
                         f"{codec}; {_SEE_ENCODING}") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError(f"{source}:{line}: {_nul(codec)}")
    return text


def read_text(path: str | Path, encoding: str | None = None) -> str:
    """A whole text file, decoded as :func:`decode` does."""
    return decode(_read_bytes(Path(path)), path, encoding)


def _read_bytes(path: Path) -> bytes:
    _require_file(path)
    return path.read_bytes()


def _require_file(path: Path) -> None:
    if path.is_dir():
        raise InputError(f"{path}: это папка; укажите файл")
    if not path.exists():
        raise InputError(f"{path}: нет такого файла")


def _text_encoding(path: Path, forced: str | None) -> str:
    with path.open("rb") as fh:
        head = fh.read(SAMPLE_BYTES + 1)
        complete = len(head) <= SAMPLE_BYTES
        head = head[:SAMPLE_BYTES]
        if forced is None and not complete and not _telling(head):
            head = _first_telling_window(fh, head) or head
    return _resolve(head, forced, path, complete=complete)


def _first_telling_window(fh: BinaryIO, seen: bytes) -> bytes | None:
    """Read on past an all-ASCII sample to the first byte outside ASCII; the sample from
    the start of its line (None when the whole file is ASCII: any reading is right)."""
    tail = seen[seen.rfind(b"\n") + 1:]  # the line the chunks continue
    while chunk := fh.read(1 << 20):
        data = tail + chunk
        found = _NON_ASCII.search(data)
        if found is not None:
            window = _window(data, found.start())
            return window + fh.read(max(0, SAMPLE_BYTES - len(window)))
        tail = data[data.rfind(b"\n") + 1:][-SAMPLE_BYTES:]
    return None


def _lines(path: Path, encoding: str, newline: str | None) -> Iterator[str]:
    """The file's lines; bytes not in ``encoding`` are kept as escapes for the row to
    report, a file cut inside a character is one :class:`InputError`."""
    number = 0
    with path.open(encoding=encoding, errors="surrogateescape", newline=newline) as fh:
        try:
            for number, line in enumerate(fh, 1):  # noqa: B007 - read after the loop
                yield line
        except UnicodeDecodeError as exc:
            cut = exc.reason in ("truncated data", "unexpected end of data")
            why = "файл обрывается посреди символа" if cut else "байты, которых в ней нет"
            raise InputError(f"{path}:{number + 1}: не текст в кодировке {encoding}: {why}; "
                             f"{_SEE_ENCODING}") from None


def _nul(encoding: str) -> str:
    return (f"символ NUL при чтении в кодировке {encoding}: файл в UTF-16 или UTF-32 без BOM? "
            "укажите кодировку в --encoding (например, utf-16-le)")


def _bad_bytes(text: str, encoding: str) -> str | None:
    if "\x00" in text:
        return _nul(encoding)
    if _ESCAPED.search(text) is None:
        return None
    return (f"байты, которых нет в кодировке {encoding}; если файл в другой кодировке, "
            "укажите её в --encoding")


# -- tables ---------------------------------------------------------------------------------


def open_table(path: str | Path, encoding: str | None = None) -> Table:
    """Open a table of replies by its suffix: ``.csv``/``.tsv`` (delimiter sniffed),
    ``.jsonl``/``.ndjson``, ``.xlsx`` (first sheet; the ``xlsx`` extra) or ``.parquet``
    (the ``batch`` extra). ``encoding`` forces the encoding of a text file."""
    path = Path(path)
    _require_file(path)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv"):
        return _csv_table(path, encoding, "\t" if suffix == ".tsv" else None)
    if suffix in (".jsonl", ".ndjson"):
        return _jsonl_table(path, encoding)
    if suffix == ".xlsx":
        return _xlsx_table(path)
    if suffix == ".parquet":
        return _parquet_table(path)
    raise InputError(f"{path}: нужен файл {', '.join(SUFFIXES)} (старый .xls сохраните "
                     "как .xlsx или CSV)")


def read_jsonl(path: str | Path, encoding: str | None = None) -> Iterator[Row]:
    """The rows of a JSONL file: one JSON object a line (blank lines skipped)."""
    path = Path(path)
    _require_file(path)
    return _jsonl_rows(path, _text_encoding(path, encoding))


def _jsonl_rows(path: Path, encoding: str) -> Iterator[Row]:
    for number, line in enumerate(_lines(path, encoding, None), 1):
        if not line.strip():
            continue
        problem = _bad_bytes(line, encoding)
        if problem:
            yield Row(number, {}, problem)
            continue
        try:
            value = json.loads(line.rstrip("\r\n"))  # an error at the end: on this line
        except json.JSONDecodeError as exc:
            yield Row(number, {}, f"ошибка в JSON: {_json_reason(exc.msg)} "
                                  f"(символ {exc.colno})")
            continue
        if isinstance(value, dict):
            yield Row(number, value)
        else:
            yield Row(number, {}, f"JSON-{_kind(value)}, а не объект: нужен один объект "
                                  '{"text": …} на строку')


def _json_reason(msg: str) -> str:
    """The json module's reason in Russian (as it is, if it is one not known here)."""
    return next((ru for en, ru in _JSON_REASONS if msg.startswith(en)), msg)


def _csv_reason(msg: str) -> str:
    """The csv module's reason in Russian (as it is, if it is one not known here)."""
    for pattern, ru in _CSV_REASONS:
        found = pattern.match(msg)
        if found:
            return ru.format(*found.groups())
    return msg


def _jsonl_table(path: Path, encoding: str | None) -> Table:
    codec = _text_encoding(path, encoding)
    rows = _jsonl_rows(path, codec)
    head = list(islice(rows, _PEEK))
    columns: dict[str, None] = {}
    for row in head:
        columns.update(dict.fromkeys(row.values))
    return Table(path, list(columns), chain(head, rows), encoding=codec)


def _sniff_delimiter(sample: str) -> str:
    """The delimiter among ``,`` ``;`` tab: csv.Sniffer's, when the header line has it;
    else the one the header line has most of (a one-column file: ``,``)."""
    sample = sample.replace("\r\n", "\n")  # the Sniffer's quote patterns expect \n
    cut = sample.rfind("\n")
    sample = sample[: cut + 1] if cut > 0 else sample
    header = sample.split("\n", 1)[0]
    try:
        found = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        found = ""
    if found and found in header:
        return found
    return max(_DELIMITERS, key=header.count) if any(d in header for d in _DELIMITERS) else ","


def _csv_table(path: Path, encoding: str | None, delimiter: str | None) -> Table:
    codec = _text_encoding(path, encoding)
    if delimiter is None:
        with path.open(encoding=codec, errors="replace", newline="") as fh:
            delimiter = _sniff_delimiter(fh.read(SAMPLE_BYTES))
    allow_cells(_DEFAULT_CELL)
    feed = _Feed(_lines(path, codec, ""))
    reader = csv.reader(feed, delimiter=delimiter, strict=True)  # a stray quote: an error
    first = _csv_record(reader, feed, codec)
    if first is None:
        raise InputError(f"{path}: файл пуст; в CSV первая строка — заголовок с именами "
                         "столбцов")
    lines, header, problem = first
    if problem:
        raise InputError(f"{path}:{lines[0][0]}: строка заголовка: {problem}")
    columns = [name.strip() for name in header]
    return Table(path, columns, _csv_rows(reader, feed, codec, columns), encoding=codec)


def allow_cells(length: int) -> None:
    """Let CSV cells be ``length`` characters long (and a margin more): a reply up to
    ``Config.max_text_length`` is read, to be checked or refused by its length; only a cell
    longer than that is a bad row. The csv module's limit is per process; it only grows."""
    csv.field_size_limit(max(csv.field_size_limit(), length + _CELL_MARGIN))


class _Feed:
    """The lines the csv reader reads, numbered: the file's, after any put back to be read
    again (:meth:`again`). ``taken`` is what the record being read has taken."""

    def __init__(self, lines: Iterator[str]) -> None:
        self.lines = lines
        self.read = 0  # lines read from the file
        self.reread = 0  # lines read again: never more than read, so reading stays linear
        self.queue: deque[tuple[int, str]] = deque()
        self.taken: list[tuple[int, str]] = []

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        if self.queue:
            item = self.queue.popleft()
        else:
            line = next(self.lines)
            self.read += 1
            item = (self.read, line)
        self.taken.append(item)
        return item[1]

    def again(self, lines: list[tuple[int, str]]) -> bool:
        """Put ``lines`` back to be read again (before the rest); False when that would
        read more lines again than the file has given so far."""
        if self.reread + len(lines) > self.read:
            return False
        self.reread += len(lines)
        self.queue.extendleft(reversed(lines))
        return True


Record = tuple[list[tuple[int, str]], list[str], str | None]


def _csv_record(reader: Any, feed: _Feed, codec: str) -> Record | None:
    """The next non-blank record: its (number, line) lines, cells and a problem."""
    while True:
        feed.taken = []
        try:
            cells = next(reader)
            problem = _bad_bytes("".join(cells), codec)
        except StopIteration:
            return None
        except csv.Error as exc:
            cells, problem = [], f"ошибка в CSV: {_csv_reason(str(exc))}"
        if (cells or problem) and feed.taken:
            return feed.taken, cells, problem


def _csv_rows(reader: Any, feed: _Feed, codec: str, columns: list[str]) -> Iterator[Row]:
    """The records after the header as rows. A record with more or fewer cells than the
    header is a bad row. A broken record that took several lines (the csv module's error,
    or more cells than the header: a quote not closed swallows every line up to the next
    quote, or to the end of the file) is reported at its first line and the lines after
    that one are read again, so the good rows among them are kept."""
    while (record := _csv_record(reader, feed, codec)) is not None:
        lines, cells, problem = record
        start, end = lines[0][0], lines[-1][0]
        broken = not cells  # the csv module's error: the record's lines are in doubt
        if problem is None and len(cells) != len(columns):
            why = ("разделитель внутри ячейки без кавычек?" if len(cells) > len(columns)
                   else "перенос строки внутри ячейки без кавычек?")
            problem = f"ячеек: {len(cells)}, а столбцов в заголовке: {len(columns)}; {why}"
            # more cells over several lines: a quote left open took the next records in;
            # fewer: the quotes held and a cell is missing — the record is what it is
            broken = len(cells) > len(columns)
        # a row that does not fit keeps what it has (its id, for the errors file)
        known = {c: v if v != "" else None for c, v in zip(columns, cells, strict=False)}
        if problem is None:
            yield Row(start, known)
        elif end == start or not broken:  # one line, or bytes not in the encoding
            yield Row(start, known if cells and len(cells) != len(columns) else {}, problem)
        elif feed.again(lines[1:]):
            yield Row(start, {}, f"{problem} (запись заняла строки {start}–{end}; строки "
                                 f"после {start} прочитаны заново)")
        else:
            yield Row(start, {}, f"{problem} (строки {start}–{end} прочитаны как одна запись "
                                 f"и пропущены: {end - start + 1})")


def _xlsx_table(path: Path) -> Table:
    try:
        import openpyxl  # type: ignore[import-untyped]
        from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]
    except ImportError:
        raise InputError(f"{path}: чтобы читать Excel, нужен openpyxl: "
                         "pip install 'tonecoach[xlsx]'") from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        raise InputError(f"{path}: это не книга Excel .xlsx (подробности: {exc}); "
                         "сохраните её заново как .xlsx или выгрузите в CSV") from None
    sheet = book.worksheets[0]
    cells = sheet.iter_rows(values_only=True)
    header = next(cells, None)
    if not header or all(v is None for v in header):
        book.close()
        raise InputError(f"{path}: строка 1 листа «{sheet.title}» пуста; в первой строке "
                         "должны быть имена столбцов")
    names = [None if v is None else str(v).strip() for v in header]
    total = sheet.max_row - 1 if sheet.max_row else None
    # The same sheet with formulas as written: an empty value where a formula is means the
    # file was saved without the values computed (written by a program, not Excel)
    formulas_book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    formulas = formulas_book.worksheets[0].iter_rows(values_only=True)
    next(formulas, None)

    def rows() -> Iterator[Row]:
        try:
            for number, values in enumerate(cells, 2):
                written = next(formulas, ())
                if any(v is None and isinstance(f, str) and f.startswith("=")
                       for v, f in zip(values, written, strict=False)):
                    values = tuple(NO_FORMULA_VALUE if v is None and isinstance(f, str)
                                   and f.startswith("=") else v
                                   for v, f in zip_longest(values, written[:len(values)]))
                if any(v is not None for v in values):
                    yield Row(number, {n: v for n, v in zip(names, values, strict=False) if n})
        finally:
            book.close()
            formulas_book.close()

    return Table(path, [n for n in names if n], rows(), total)


def _parquet_table(path: Path) -> Table:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(f"{path}: чтобы читать Parquet, нужен pyarrow: "
                         "pip install 'tonecoach[batch]'") from None
    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError and others here
        raise InputError(f"{path}: это не файл Parquet (подробности: {_first_line(exc)}); "
                         "запишите его заново или выгрузите в .csv или .jsonl") from None

    def rows() -> Iterator[Row]:
        number = 0
        try:
            for batch in parquet.iter_batches(batch_size=2048):
                for values in batch.to_pylist():
                    number += 1
                    yield Row(number, values)
        except Exception as exc:  # a damaged page: the rows before it are kept
            raise InputError(f"{path}:{number + 1}: запись не читается (подробности: "
                             f"{_first_line(exc)}); запишите файл заново") from None
        finally:
            parquet.close()

    return Table(path, list(parquet.schema_arrow.names), rows(), parquet.metadata.num_rows)


def count_lines(table: Table) -> int | None:
    """About how many records a table holds, for a progress bar: the total where the format
    knows it, else the line breaks less the CSV header — one pass over the bytes, no
    decoding (a 0x0a byte is a line break in every encoding read here, UTF-16/32 too)."""
    if table.total is not None:
        return table.total
    count = 0
    with table.path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            count += chunk.count(b"\n")
    return max(count - (table.path.suffix.lower() in (".csv", ".tsv")), 0)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
