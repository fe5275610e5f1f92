"""Checking many drafts: in this process or across processes, in input order, bounded memory."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from typing import Any

from tonecoach.coach import Coach
from tonecoach.models import Config, Context, Report

Row = str | Mapping[str, Any]
_CHUNK = 64
_WINDOW_CHUNKS = 8  # chunks in flight per process: memory stays flat on millions of rows
_WORKER: Coach | None = None


def check_many(
    rows: Iterable[Row],
    *,
    config: Config | None = None,
    n_process: int | None = None,
    text_field: str = "text",
) -> Iterator[Report]:
    """Check every row and yield its :class:`Report`, in input order.

    A row is a draft (``str``) or a mapping with ``text`` (or ``text_field``) and optional
    ``client_name``, ``client_message``, ``channel``, ``first_reply``. ``n_process`` defaults
    to every core; 1 checks in this process. Rows are consumed lazily, a window at a time.
    """
    n = (os.cpu_count() or 1) if n_process is None else n_process
    if n < 1:
        raise ValueError("n_process must be at least 1")
    if n == 1:
        coach = Coach(config)
        for row in rows:
            yield _check(coach, row, text_field)
        return
    payload = (config or Config()).model_dump_json()
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(n, initializer=_init_worker, initargs=(payload,)) as pool:
        items = iter(rows)
        window = n * _CHUNK * _WINDOW_CHUNKS
        while True:
            block = [(_plain(row), text_field) for row in islice(items, window)]
            if not block:
                break
            yield from pool.imap(_check_in_worker, block, chunksize=_CHUNK)


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
    text = row.get(text_field)
    if not isinstance(text, str):
        raise TypeError(f"row has no text in field {text_field!r}: {dict(row)!r:.80}")
    # empty cells (None, "", a NaN from pandas) mean «not known»
    known: dict[str, Any] = {k: row[k] for k in ("client_name", "client_message", "channel")
                             if isinstance(row.get(k), str) and row[k].strip()}
    first = row.get("first_reply")
    if isinstance(first, bool) or first in ("true", "false", "1", "0"):
        known["first_reply"] = first in (True, "true", "1")
    return coach.check(text, context=Context.model_validate(known))
