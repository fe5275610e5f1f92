"""Checking millions of chats on a Dask cluster (``pip install 'tonecoach[dask]'``).

>>> import dask.dataframe as dd
>>> from tonecoach.integrations.dask import check_frame
>>> chats = dd.read_parquet("chats/*.parquet")  # doctest: +SKIP
>>> scored = check_frame(chats, "reply", client_name_column="client")  # doctest: +SKIP
>>> scored.groupby("operator")["tc_formality"].mean().compute()  # doctest: +SKIP

Each worker process builds one :class:`~tonecoach.Coach` on its first partition and keeps it;
threads of a worker share it (a ``Coach`` is thread-safe).

A reply that is not text (null, NaN, a number), is blank (``""``, only spaces: in a table
that is how a missing reply is written) or is longer than ``Config.max_text_length`` is not
checked and never counts as clean: its counts are null (``pd.NA``; means and sums skip it),
and ``tc_error`` says why (``None`` on every checked row). So is a row whose client name or
message cell is not text (a number): an empty cell there (null, NaN, blank) means «not known».
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

try:
    import dask  # noqa: F401  (the extra's other half: check_frame needs a Dask DataFrame)
    import pandas as pd
except ImportError as exc:
    raise ImportError(f"tonecoach.integrations.dask needs pandas and dask ({exc}): "
                      "pip install 'tonecoach[dask]'") from exc

from tonecoach.coach import Coach
from tonecoach.integrations.batch import context_of
from tonecoach.models import CATEGORIES, Config, Context, Report

COUNT_COLUMNS = ("tc_suggestions", *(f"tc_{c}" for c in CATEGORIES))


@lru_cache(maxsize=4)
def _coach(config_json: str) -> Coach:
    return Coach(Config.model_validate_json(config_json))


def _error(value: Any, limit: int) -> str | None:
    """Why a reply cell cannot be checked, or None."""
    if isinstance(value, str):
        if not value.strip():
            return "no text (blank)"
        return None if len(value) <= limit else (
            f"text is {len(value):,} characters long; the limit is {limit:,}")
    if value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value))):
        return "no text (null)"
    return f"not text: {type(value).__name__}"


def _row(report: Report, with_json: bool) -> dict[str, Any]:
    row: dict[str, Any] = {"tc_suggestions": len(report.suggestions)}
    for category in CATEGORIES:
        row[f"tc_{category}"] = sum(1 for s in report.suggestions if s.category == category)
    row["tc_codes"] = " ".join(s.code for s in report.suggestions)
    if with_json:
        row["tc_report"] = report.model_dump_json()
    row["tc_error"] = None
    return row


def check_partition(
    frame: pd.DataFrame,
    text_column: str,
    client_name_column: str | None = None,
    client_message_column: str | None = None,
    config_json: str = "{}",
    report_json: bool = True,
) -> pd.DataFrame:
    """One pandas partition: the frame with the ``tc_*`` columns added (see
    :func:`check_frame`). A reply that is not text gets null counts and ``tc_error``."""
    rows = []
    names = frame[client_name_column] if client_name_column else None
    messages = frame[client_message_column] if client_message_column else None
    columns = _added_columns(report_json)
    for i, text in enumerate(frame[text_column]):
        coach = _coach(config_json)  # cached: built once per process (not for Dask's meta)
        error = _error(text, coach.config.max_text_length)
        if error is not None:
            rows.append({**dict.fromkeys(columns), "tc_error": error})
            continue
        context = context_of({
            "client_name": names.iloc[i] if names is not None else None,
            "client_message": messages.iloc[i] if messages is not None else None,
        })
        if not isinstance(context, Context):
            column = client_name_column if context[0] == "client_name" else client_message_column
            rows.append({**dict.fromkeys(columns),
                         "tc_error": f"bad {column!r}: {context[2]} (got {context[1]!r:.40})"})
            continue
        rows.append(_row(coach.check(text, context=context), report_json))
    added = pd.DataFrame(rows, index=frame.index, columns=columns)
    return pd.concat([frame, added.astype(_added_dtypes(report_json))], axis=1)


def _added_columns(report_json: bool) -> list[str]:
    return [*COUNT_COLUMNS, "tc_codes", *(["tc_report"] if report_json else []), "tc_error"]


def _added_dtypes(report_json: bool) -> dict[str, Any]:
    dtypes: dict[str, Any] = dict.fromkeys(COUNT_COLUMNS, "Int64")
    for column in ("tc_codes", "tc_error", *(["tc_report"] if report_json else [])):
        dtypes[column] = object
    return dtypes


def check_frame(
    ddf: Any,
    text_column: str = "text",
    *,
    client_name_column: str | None = None,
    client_message_column: str | None = None,
    config: Config | None = None,
    report_json: bool = True,
) -> Any:
    """A lazy Dask DataFrame: ``ddf`` with these columns added to every row —

    - ``tc_suggestions``: how many suggestions the reply got;
    - ``tc_formality`` … ``tc_etiquette``: how many of each category;
    - ``tc_codes``: their codes, space-separated, in text order;
    - ``tc_report``: the whole :class:`~tonecoach.Report` as JSON (``report_json=False``
      leaves it out when only the figures are wanted);
    - ``tc_error``: None, or why the reply was not checked (no text: null, NaN, a number, a
      blank ``""``; too long; a client name or message cell that is not text) — then the
      counts are null (``pd.NA``), never 0, so means and sums skip it.
    """
    for column in (text_column, client_name_column, client_message_column):
        if column is not None and column not in ddf.columns:
            raise KeyError(f"no column {column!r}; the frame has {list(ddf.columns)}")
    meta = check_partition(ddf._meta, text_column, client_name_column, client_message_column,
                           report_json=report_json)
    return ddf.map_partitions(
        check_partition, text_column, client_name_column, client_message_column,
        (config or Config()).model_dump_json(), report_json, meta=meta,
    )
