"""Checking many drafts: in this process or across processes, in input order, bounded memory."""

from __future__ import annotations

import multiprocessing
import os
import sys
import warnings
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain, islice
from pathlib import Path
from typing import Any, Literal, overload

from tonecoach.coach import Coach
from tonecoach.errors import TextTooLongError
from tonecoach.models import Config, Context, Report

Row = str | Mapping[str, Any]
OnInvalid = Literal["raise", "none"]
_CHUNK = 64
_WINDOW_CHUNKS = 8  # chunks in flight per process: memory stays flat on millions of rows
_WORKER: Coach | None = None
_IN_PROCESS_ROWS = 256  # fewer rows than this are checked in this process


@overload
def check_many(
    rows: Iterable[Row], *, config: Config | None = ..., n_process: int | None = ...,
    text_field: str = ..., on_invalid: Literal["raise"] = ...,
) -> Iterator[Report]: ...


@overload
def check_many(
    rows: Iterable[Row], *, config: Config | None = ..., n_process: int | None = ...,
    text_field: str = ..., on_invalid: OnInvalid,
) -> Iterator[Report | None]: ...


def check_many(
    rows: Iterable[Row],
    *,
    config: Config | None = None,
    n_process: int | None = None,
    text_field: str = "text",
    on_invalid: OnInvalid = "raise",
) -> Iterator[Report | None]:
    """Check every row and yield its :class:`Report`, in input order: one result per row.

    A row is a draft (``str``) or a mapping with ``text`` (or ``text_field``) and optional
    ``client_name``, ``client_message``, ``channel``, ``first_reply``. ``n_process`` defaults
    to every core; 1 checks in this process. Rows are consumed lazily, a window at a time.

    A row with no text (a missing field, ``None``, a NaN, a number) or a text longer than
    ``Config.max_text_length`` is never reported clean: by default it raises (``TypeError``
    or :class:`~tonecoach.TextTooLongError`) naming the row's position, after every report
    before it was yielded; ``on_invalid="none"`` yields ``None`` in its place instead.
    """
    n = (os.cpu_count() or 1) if n_process is None else n_process
    if n < 1:
        raise ValueError("n_process must be at least 1")
    if on_invalid not in ("raise", "none"):
        raise ValueError(f"on_invalid must be 'raise' or 'none', not {on_invalid!r}")
    limit = (config or Config()).max_text_length
    items = iter(rows)
    head = list(islice(items, _IN_PROCESS_ROWS))
    screened = _screen(chain(head, items), text_field, limit, on_invalid)
    if n == 1 or len(head) < _IN_PROCESS_ROWS or not _safe_to_spawn():
        coach = Coach(config)
        for item in screened:  # a few rows: starting processes costs more
            row = _valid(item)
            yield None if row is None else _check(coach, row, text_field)
        return
    payload = (config or Config()).model_dump_json()
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(n, initializer=_init_worker, initargs=(payload,)) as pool:
        window = n * _CHUNK * _WINDOW_CHUNKS
        while True:
            block = list(islice(screened, window))
            if not block:
                break
            todo = [(_plain(r), text_field) for r in block if isinstance(r, (str, Mapping))]
            done = pool.imap(_check_in_worker, todo, chunksize=_CHUNK)
            for entry in block:
                yield None if _valid(entry) is None else next(done)


def _screen(rows: Iterable[Row], text_field: str, limit: int,
            on_invalid: OnInvalid) -> Iterator[Row | Exception | None]:
    """Each row as it is; in place of a row with no text to check, None
    (``on_invalid="none"``) or the exception to raise when its turn comes."""
    for i, row in enumerate(rows):
        problem = _problem(row, text_field, limit)
        if problem is None:
            yield row
        elif on_invalid == "none":
            yield None
        else:
            yield type(problem)(f"check_many: row {i} (counting from 0) {problem}; "
                                "on_invalid='none' yields None for such a row")


def _problem(row: Row, text_field: str, limit: int) -> Exception | None:
    """Why a row cannot be checked, as the exception to raise; None when it can."""
    text = row.get(text_field) if isinstance(row, Mapping) else row
    if not isinstance(text, str):
        where = f"field {text_field!r}" if isinstance(row, Mapping) else "the row"
        return TypeError(f"has no text in {where} (got {text!r:.60})")
    if len(text) > limit:
        return TextTooLongError(f"is {len(text):,} characters long; the limit is {limit:,} "
                                "(Config.max_text_length)")
    return None


def _valid(row: Row | Exception | None) -> Row | None:
    """The row (None for a row yielded as None); the exception screened in its place is
    raised here, when its turn comes."""
    if isinstance(row, Exception):
        raise row
    return row


def _safe_to_spawn() -> bool:
    """Whether worker processes may start: not from inside a worker, and not from a script
    without an ``if __name__ == "__main__":`` guard — a spawned worker re-runs the main
    script, which would start workers again, forever. Such a script is checked in this
    process, with a warning that says how to get the cores back."""
    if multiprocessing.parent_process() is not None:
        return False
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if path is None:  # a REPL or a notebook: nothing to re-run
        return True
    try:
        source = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True
    if "__main__" in source:
        return True
    warnings.warn(
        f"check_many: {path} has no `if __name__ == \"__main__\":` guard, so worker "
        "processes would re-run it; checking in this process instead. Put the call under "
        "the guard to use every core.", RuntimeWarning, stacklevel=3)
    return False


def _plain(row: Row) -> Row:
    return row if isinstance(row, str) else dict(row)


def _init_worker(config_json: str) -> None:
    global _WORKER
    _WORKER = Coach(Config.model_validate_json(config_json))


def _check_in_worker(item: tuple[Row, str]) -> Report:
    assert _WORKER is not None
    return _check(_WORKER, item[0], item[1])


def _check(coach: Coach, row: Row, text_field: str) -> Report:
    if isinstance(row, str):
        return coach.check(row)
    text = row[text_field]
    # empty cells (None, "", a NaN from pandas) mean «not known»
    known: dict[str, Any] = {k: row[k] for k in ("client_name", "client_message", "channel")
                             if isinstance(row.get(k), str) and row[k].strip()}
    first = row.get("first_reply")
    if isinstance(first, bool) or first in ("true", "false", "1", "0"):
        known["first_reply"] = first in (True, "true", "1")
    return coach.check(text, context=Context.model_validate(known))
