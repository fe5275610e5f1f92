"""Checking many drafts: in this process or across processes, in input order, bounded memory."""

from __future__ import annotations

import ast
import math
import multiprocessing
import signal
import sys
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path
from types import FrameType
from typing import Any, Literal, get_args, overload

from pydantic import ValidationError

from tonecoach.coach import Coach
from tonecoach.errors import TextTooLongError
from tonecoach.models import Channel, Config, Context, Report

Row = str | Mapping[str, Any]
OnInvalid = Literal["raise", "none", "error"]
RowErrorKind = Literal["no_text", "blank_text", "too_long", "bad_context"]
CONTEXT_FIELDS = ("client_name", "client_message", "channel", "first_reply")
_CHUNK = 64
_WINDOW_CHUNKS = 8  # chunks in flight per process: memory stays flat on millions of rows
_WORKER: Coach | None = None
_IN_PROCESS_ROWS = 256  # fewer rows than this are checked in this process
_CHANNELS: tuple[str, ...] = get_args(Channel)
_TRUE = frozenset({"true", "1", "yes", "y", "да", "истина"})
_FALSE = frozenset({"false", "0", "no", "n", "нет", "ложь"})
_PACKAGE = Path(__file__).resolve().parents[1]  # tonecoach/


@dataclass(frozen=True)
class RowError:
    """Why one row of :func:`check_many` was not checked (``on_invalid="error"``).

    - ``position``: the row's index in the input, counting from 0;
    - ``kind``: ``"no_text"`` (missing, ``None``, NaN, not a ``str``), ``"blank_text"``
      (``""`` or only spaces), ``"too_long"`` (over ``Config.max_text_length``) or
      ``"bad_context"`` (a context cell that cannot be read);
    - ``field``: the field at fault (``text_field`` or a context field); ``None`` when the
      row itself is neither a ``str`` nor a mapping;
    - ``value``: the value found there (``None`` for a missing field);
    - ``reason``: an English phrase for people, e.g. ``"a bad 'channel' (got 'fax'):
      expected one of 'chat', 'email'"``; ``str(error)`` is the same.
    """

    position: int
    kind: RowErrorKind
    field: str | None
    value: Any
    reason: str

    def __str__(self) -> str:
        return self.reason

    def exception(self) -> Exception:
        """The exception ``on_invalid="raise"`` raises for this row."""
        message = (f"check_many: row {self.position} (counting from 0) has {self.reason}; "
                   "on_invalid='none' yields None (and 'error' a RowError) for such a row")
        if self.kind == "no_text":
            return TypeError(message)
        if self.kind == "too_long":
            return TextTooLongError(message)
        return ValueError(message)


@overload
def check_many(
    rows: Iterable[Row], *, config: Config | None = ..., n_process: int | None = ...,
    text_field: str = ..., on_invalid: Literal["raise"] = ...,
) -> Iterator[Report]: ...


@overload
def check_many(
    rows: Iterable[Row], *, config: Config | None = ..., n_process: int | None = ...,
    text_field: str = ..., on_invalid: Literal["none"],
) -> Iterator[Report | None]: ...


@overload
def check_many(
    rows: Iterable[Row], *, config: Config | None = ..., n_process: int | None = ...,
    text_field: str = ..., on_invalid: Literal["error"],
) -> Iterator[Report | RowError]: ...


def check_many(
    rows: Iterable[Row],
    *,
    config: Config | None = None,
    n_process: int | None = None,
    text_field: str = "text",
    on_invalid: OnInvalid = "raise",
) -> Iterator[Report | RowError | None]:
    """Check every row and yield its :class:`Report`, in input order: one result per row.

    A row is a draft (``str``) or a mapping with ``text`` (or ``text_field``) and optional
    context: ``client_name``, ``client_message`` (text), ``channel`` (``chat`` or ``email``,
    any case) and ``first_reply`` (a bool, 1/0, or true/false, yes/no, да/нет, ИСТИНА/ЛОЖЬ in
    any case). An empty context cell (``None``, NaN, blank text) means «not known»; other keys
    are ignored. ``n_process`` defaults to every core; 1 checks in this process. Rows are
    consumed lazily, a window at a time.

    A row that cannot be checked is never reported clean: no text (a missing field, ``None``,
    a NaN, a number), a blank text (``""``, spaces: in a table that is how a missing value is
    written — unlike :func:`tonecoach.check`, which reports ``""`` clean), a text longer than
    ``Config.max_text_length``, or a context cell that cannot be read (``channel="fax"``,
    ``first_reply="maybe"``, a number as ``client_name``). By default it raises naming the
    row's position, after every report before it was yielded: ``TypeError`` (no text),
    :class:`~tonecoach.TextTooLongError` or ``ValueError`` (blank text, a bad context cell).
    ``on_invalid="none"`` yields ``None`` in its place instead, and ``on_invalid="error"`` a
    :class:`RowError` that says which row, which field and why.

    Worker processes start each by re-running the main script, so in a script call this
    under ``if __name__ == "__main__":``. A call outside that guard is checked in this process
    with a warning naming the line (workers re-running it would check everything again);
    inside a worker process nothing starts more workers. In a notebook, a REPL, ``python -c``
    or ``python -m tonecoach`` nothing is needed.
    """
    n = _n_process(n_process)
    if on_invalid not in ("raise", "none", "error"):
        raise ValueError(f"on_invalid must be 'raise', 'none' or 'error', not {on_invalid!r}")
    limit = (config or Config()).max_text_length
    items = iter(rows)
    head = list(islice(items, _IN_PROCESS_ROWS))
    screened = (_prepare(i, row, text_field, limit)
                for i, row in enumerate(chain(head, items)))
    if n == 1 or len(head) < _IN_PROCESS_ROWS or not _safe_to_spawn():
        coach = Coach(config)
        for item in screened:  # a few rows: starting processes costs more
            yield (_invalid(item, on_invalid) if isinstance(item, RowError)
                   else coach.check(item[0], context=item[1]))
        return
    payload = (config or Config()).model_dump_json()
    with _pool(n, payload) as pool:
        window = n * _CHUNK * _WINDOW_CHUNKS
        while True:
            block = list(islice(screened, window))
            if not block:
                break
            todo = [item for item in block if not isinstance(item, RowError)]
            done = pool.imap(_check_in_worker, todo, chunksize=_CHUNK)
            for item in block:
                yield _invalid(item, on_invalid) if isinstance(item, RowError) else next(done)


def _n_process(n_process: int | None) -> int:
    import os

    n = (os.cpu_count() or 1) if n_process is None else n_process
    if n < 1:
        raise ValueError("n_process must be at least 1")
    return n


def _invalid(error: RowError, on_invalid: OnInvalid) -> RowError | None:
    """What stands in for a row that was not checked: raised here, when its turn comes
    (after every report before it), or yielded."""
    if on_invalid == "raise":
        raise error.exception()
    return error if on_invalid == "error" else None


# -- rows -----------------------------------------------------------------------------------


def _prepare(position: int, row: Row, text_field: str,
             limit: int) -> tuple[str, Context | None] | RowError:
    """A row as what to check (its text and context), or why it cannot be checked."""
    if isinstance(row, str):
        text: Any = row
        field: str | None = None
    elif isinstance(row, Mapping):
        text, field = row.get(text_field), text_field
    else:
        return RowError(position, "no_text", None, row,
                        f"no text: the row is {type(row).__name__}, not a str or a mapping "
                        f"(got {row!r:.60})")
    where = "the row" if field is None else f"field {field!r}"
    if not isinstance(text, str):
        return RowError(position, "no_text", field, text, f"no text in {where} (got {text!r:.60})")
    if not text.strip():
        return RowError(position, "blank_text", field, text,
                        f"blank text in {where} (got {text!r:.60})")
    if len(text) > limit:
        return RowError(position, "too_long", field, text,
                        f"a text {len(text):,} characters long; the limit is {limit:,} "
                        "(Config.max_text_length)")
    if not isinstance(row, Mapping):
        return text, None
    context = context_of(row)
    if isinstance(context, tuple):
        name, value, why = context
        return RowError(position, "bad_context", name, value,
                        f"a bad {name!r} (got {value!r:.60}): {why}")
    return text, context


def context_of(row: Mapping[str, Any]) -> Context | tuple[str, Any, str]:
    """The :class:`Context` a row's context cells give, or ``(field, value, why)`` for the
    first cell that cannot be read. Empty cells (``None``, NaN, pandas' NA, blank text) mean
    «not known»."""
    known: dict[str, Any] = {}
    for name in ("client_name", "client_message"):
        value = row.get(name)
        if _missing(value):
            continue
        if not isinstance(value, str):
            return name, value, f"expected text, not {type(value).__name__}"
        known[name] = value
    channel = row.get("channel")
    if not _missing(channel):
        folded = channel.strip().casefold() if isinstance(channel, str) else None
        if folded not in _CHANNELS:
            return "channel", channel, "expected one of " + ", ".join(map(repr, _CHANNELS))
        known["channel"] = folded
    first = row.get("first_reply")
    if not _missing(first):
        flag = _flag(first)
        if flag is None:
            return ("first_reply", first, "expected a bool, 1/0, true/false, yes/no or да/нет")
        known["first_reply"] = flag
    try:
        return Context.model_validate(known)
    except ValidationError as exc:  # not expected: every field was read above
        error = exc.errors()[0]
        name = str(error["loc"][0]) if error["loc"] else "context"
        return name, row.get(name), error["msg"]


def _missing(value: Any) -> bool:
    """An empty cell: None, a NaN, pandas' NA or NaT, or blank text."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")


def _flag(value: Any) -> bool | None:
    """``first_reply`` read from a bool, 0/1 (numpy's too) or a common spelling; None when
    it is none of these."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()  # a numpy scalar: bool_, int64, float64
        except (TypeError, ValueError):
            return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().casefold()
        return True if word in _TRUE else False if word in _FALSE else None
    return None


# -- processes ------------------------------------------------------------------------------


def _in_worker() -> bool:
    """Whether this process may not start workers: a pool's worker (daemonic: it may have
    no children), or any process multiprocessing is still starting (re-running the main
    script as ``__mp_main__``, ``parent_process()`` not yet set: starting workers there
    would start workers, forever). A user's own non-daemonic process may."""
    current = multiprocessing.current_process()
    return (bool(current.daemon) or getattr(current, "_inheriting", False)
            or getattr(sys.modules.get("__main__"), "__name__", None) == "__mp_main__")


def _main_is_rerun() -> Path | None:
    """The main script a spawned worker would re-run (as multiprocessing decides it), or
    None: a REPL, a notebook, ``python -c``, a package's ``__main__`` (``python -m pkg``)."""
    main = sys.modules.get("__main__")
    name = getattr(getattr(main, "__spec__", None), "name", None)
    if name is not None and (name == "__main__" or name.endswith(".__main__")):
        return None
    path = getattr(main, "__file__", None)
    return Path(path).resolve() if isinstance(path, str) else None


def _main_frame(start: FrameType | None) -> tuple[int, int] | None:
    """The line of the main script's top-level code running now and how many frames up it
    is from ``start`` (a warning's ``stacklevel``); None when the call does not come from it
    (a thread, a callback)."""
    main = sys.modules.get("__main__")
    frame, level = start, 1
    while frame is not None:
        if frame.f_code.co_name == "<module>" and frame.f_globals is getattr(
                main, "__dict__", None):
            return frame.f_lineno, level
        frame, level = frame.f_back, level + 1
    return None


@lru_cache(maxsize=8)
def _guarded_lines(path: Path, mtime: float) -> tuple[tuple[int, int], ...] | None:
    """The line spans of every ``if __name__ == "__main__":`` body in ``path`` (None when
    it cannot be read or parsed)."""
    del mtime  # part of the cache key only
    try:
        tree = ast.parse(path.read_bytes(), filename=str(path))
    except (OSError, SyntaxError, ValueError):
        return None
    spans = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.If):
            continue
        guarded = node.body if _is_guard(node.test, ast.Eq) else \
            node.orelse if _is_guard(node.test, ast.NotEq) else []
        if guarded:
            spans.append((guarded[0].lineno, guarded[-1].end_lineno or guarded[-1].lineno))
    return tuple(spans)


def _is_guard(test: ast.expr, op: type[ast.cmpop]) -> bool:
    """``__name__ == "__main__"`` (``op`` Eq; either side), alone or as one of the terms of
    an ``and`` (Eq) — or ``__name__ != "__main__"`` (NotEq), whose ``else`` is guarded."""
    if op is ast.Eq and isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(_is_guard(term, op) for term in test.values)
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1
            and isinstance(test.ops[0], op)):
        return False
    sides = (test.left, test.comparators[0])
    return (any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides)
            and any(isinstance(s, ast.Constant) and s.value == "__main__" for s in sides))


def _safe_to_spawn() -> bool:
    """Whether worker processes may start. Never from inside a worker (nor while one starts,
    re-running the main script). In the main process, a spawned worker re-runs the main
    script first: a call in its top-level code outside ``if __name__ == "__main__":`` would
    run again in every worker, so it is checked in this process, with a warning that names
    the line and says how to get the cores back."""
    if _in_worker():
        return False
    path = _main_is_rerun()
    if path is None or path.is_relative_to(_PACKAGE):  # nothing re-run, or tonecoach's own
        return True
    found = _main_frame(sys._getframe(1))
    if found is None:  # not called from the script's top-level code
        return True
    line, level = found
    try:
        spans = _guarded_lines(path, path.stat().st_mtime)
    except OSError:
        spans = None
    if spans is not None and any(first <= line <= last for first, last in spans):
        return True
    warnings.warn(
        f"check_many: called at {path.name}:{line}, outside `if __name__ == \"__main__\":`; "
        "worker processes re-run the script's top-level code, so this call is checked in "
        "this process. Put it under the guard to use every core.",
        RuntimeWarning, stacklevel=level + 1)
    return False


def _pool(n: int, config_json: str) -> Any:
    """A pool of ``n`` spawned workers, each with a :class:`Coach`. Ctrl-C is the parent's
    alone: workers are born with SIGINT blocked (the mask is inherited) and ignore it once
    they start, so an interrupt is one ``KeyboardInterrupt`` here, not a traceback from
    every worker; leaving the pool's ``with`` block terminates them."""
    ctx = multiprocessing.get_context("spawn")
    if not hasattr(signal, "pthread_sigmask"):
        return ctx.Pool(n, initializer=_init_worker, initargs=(config_json,))
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        return ctx.Pool(n, initializer=_init_worker, initargs=(config_json,))
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _init_worker(config_json: str) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _WORKER = Coach(Config.model_validate_json(config_json))


def _check_in_worker(item: tuple[str, Context | None]) -> Report:
    assert _WORKER is not None
    return _WORKER.check(item[0], context=item[1])
