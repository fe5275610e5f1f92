"""Checking millions of chats on a Dask cluster (``pip install 'tonecoach[dask]'``).

>>> import dask.dataframe as dd
>>> from tonecoach.integrations.dask import check_frame
>>> chats = dd.read_parquet("chats/*.parquet")  # doctest: +SKIP
>>> scored = check_frame(chats, "reply", client_name_column="client")  # doctest: +SKIP
>>> scored.groupby("operator")["tc_formality"].mean().compute()  # doctest: +SKIP

Each worker process builds one :class:`~tonecoach.Coach` on its first partition and keeps it;
threads of a worker share it (a ``Coach`` is thread-safe).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pandas as pd

from tonecoach.coach import Coach
from tonecoach.models import CATEGORIES, Config, Context, Report

COUNT_COLUMNS = ("tc_suggestions", *(f"tc_{c}" for c in CATEGORIES))


@lru_cache(maxsize=4)
def _coach(config_json: str) -> Coach:
    return Coach(Config.model_validate_json(config_json))


def _text_or_none(value: Any) -> str | None:
    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
        return None  # None, NaN, pd.NA, NaT
    return value if isinstance(value, str) else str(value)


def _row(report: Report, with_json: bool) -> dict[str, Any]:
    row: dict[str, Any] = {"tc_suggestions": len(report.suggestions)}
    for category in CATEGORIES:
        row[f"tc_{category}"] = sum(1 for s in report.suggestions if s.category == category)
    row["tc_codes"] = " ".join(s.code for s in report.suggestions)
    if with_json:
        row["tc_report"] = report.model_dump_json()
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
    :func:`check_frame`). A missing or non-text reply counts as empty."""
    rows = []
    names = frame[client_name_column] if client_name_column else None
    messages = frame[client_message_column] if client_message_column else None
    for i, text in enumerate(frame[text_column]):
        coach = _coach(config_json)  # cached: built once per process (not for Dask's meta)
        context = Context(
            client_name=_text_or_none(names.iloc[i]) if names is not None else None,
            client_message=_text_or_none(messages.iloc[i]) if messages is not None else None,
        )
        rows.append(_row(coach.check(_text_or_none(text) or "", context=context), report_json))
    added = pd.DataFrame(rows, index=frame.index, columns=_added_columns(report_json))
    return pd.concat([frame, added.astype(_added_dtypes(report_json))], axis=1)


def _added_columns(report_json: bool) -> list[str]:
    return [*COUNT_COLUMNS, "tc_codes", *(["tc_report"] if report_json else [])]


def _added_dtypes(report_json: bool) -> dict[str, Any]:
    dtypes: dict[str, Any] = dict.fromkeys(COUNT_COLUMNS, "int64")
    dtypes["tc_codes"] = object
    if report_json:
        dtypes["tc_report"] = object
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
      leaves it out when only the figures are wanted).
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
