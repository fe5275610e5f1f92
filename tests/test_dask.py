"""tonecoach.integrations.dask on a local two-process cluster: the same figures as check()."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("distributed", reason="the dask extra is part of the test install")
import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster

from tonecoach import Config, check
from tonecoach.integrations.dask import check_frame

REPLIES = [
    "Ты можешь проверить статус в приложении.",
    "Здравствуйте! Ваш заказ уже в пути.",
    "Успокойтесь, мы всё сделаем. Напиши нам!!!",
    "",
    "В данный момент осуществляется проверка данного платежа.",
    None,
]


@pytest.fixture(scope="module")
def cluster_client():  # type: ignore[no-untyped-def]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


@pytest.mark.slow
def test_check_frame_on_two_workers(cluster_client: Client) -> None:
    frame = pd.DataFrame({
        "reply": REPLIES * 4,
        "client": ["Ольга", None, "Иван", "Анна", "Дмитрий", None] * 4,
        "operator": [f"op{i % 3}" for i in range(len(REPLIES) * 4)],
    })
    ddf = dd.from_pandas(frame, npartitions=4)
    config = Config(ignore=["TC5"])
    scored = check_frame(ddf, "reply", client_name_column="client", config=config).compute()

    assert list(scored.index) == list(frame.index)
    workers = cluster_client.run(lambda: __import__("os").getpid())
    assert len(set(workers.values())) == 2
    for (_, row), text, name in zip(scored.iterrows(), frame["reply"], frame["client"],
                                    strict=True):
        if pd.isna(text) or not text.strip():  # not a clean reply: null counts and the reason
            assert row["tc_error"] == ("no text (null)" if pd.isna(text) else "no text (blank)")
            assert all(pd.isna(row[c]) for c in ("tc_suggestions", "tc_formality"))
            continue
        assert pd.isna(row["tc_error"])
        expected = check(text, client_name=None if pd.isna(name) else name, config=config)
        assert row["tc_codes"] == " ".join(s.code for s in expected.suggestions)
        assert row["tc_suggestions"] == len(expected.suggestions)
        assert row["tc_formality"] == len(expected.by_category("formality"))
        assert json.loads(row["tc_report"])["suggestions"] == [
            s.model_dump() for s in expected.suggestions]
    assert scored["operator"].tolist() == frame["operator"].tolist()
    assert scored["tc_formality"].dtype == "Int64"
    by_operator = check_frame(ddf, "reply", report_json=False).groupby("operator")[
        "tc_suggestions"].sum().compute()
    assert by_operator.sum() == sum(len(check(t).suggestions)
                                   for t in frame["reply"] if not pd.isna(t))


def test_unknown_column_is_a_clear_error() -> None:
    ddf = dd.from_pandas(pd.DataFrame({"reply": ["Добрый день"]}), npartitions=1)
    with pytest.raises(KeyError, match="no column 'text'"):
        check_frame(ddf)


def test_nulls_get_null_counts_and_an_error_not_zero() -> None:
    """In one partition (no cluster): None, NaN, pd.NA and a number are not checked; their
    counts are <NA> so a mean skips them instead of counting a clean reply."""
    from tonecoach.integrations.dask import check_partition

    frame = pd.DataFrame({"reply": ["Напиши нам.", None, float("nan"), pd.NA, 5, "", "я" * 60,
                                    "  \n", "Напиши нам."],
                          "op": ["a", "a", "b", "b", "b", "c", "c", "d", "d"]})
    scored = check_partition(frame, "reply", config_json='{"max_text_length": 50}',
                             report_json=False)
    assert scored["tc_suggestions"].tolist()[:2] == [1, pd.NA]
    assert scored["tc_suggestions"].isna().tolist() == [False, True, True, True, True, True,
                                                       True, True, False]
    errors = scored["tc_error"].tolist()
    assert errors[1:4] == ["no text (null)"] * 3 and errors[4] == "not text: int"
    assert errors[5] == errors[7] == "no text (blank)"  # as the CLI batch skips it
    assert pd.isna(errors[0]) and "60 characters long" in errors[6] and pd.isna(errors[8])
    # group c has only a blank and a too-long reply: no mean, not a clean 0
    assert scored.groupby("op")["tc_suggestions"].mean().isna().tolist() == [False, True,
                                                                            True, False]


def test_context_cells_empty_mean_unknown_and_non_text_is_an_error() -> None:
    from tonecoach.integrations.dask import check_partition

    frame = pd.DataFrame({"reply": ["Добрый день! Заказ в пути."] * 4,
                          "client": ["Ольга", None, "  ", 42],
                          "said": [float("nan"), "Где заказ?!", pd.NA, "Ну?"]})
    scored = check_partition(frame, "reply", "client", "said", report_json=False)
    expected = [check(r, client_name=n, client_message=m) for r, n, m in [
        ("Добрый день! Заказ в пути.", "Ольга", None),
        ("Добрый день! Заказ в пути.", None, "Где заказ?!"),
        ("Добрый день! Заказ в пути.", None, None)]]
    assert scored["tc_codes"].tolist()[:3] == [
        " ".join(s.code for s in e.suggestions) for e in expected]
    assert scored["tc_error"].iloc[:3].isna().all()
    assert pd.isna(scored["tc_suggestions"].iloc[3])
    assert scored["tc_error"].iloc[3] == "bad 'client': expected text, not int (got 42)"
    assert scored["tc_suggestions"].dtype == "Int64"


def test_without_the_extra_the_import_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import sys

    monkeypatch.delitem(sys.modules, "tonecoach.integrations.dask", raising=False)
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'tonecoach\[dask\]'"):
        importlib.import_module("tonecoach.integrations.dask")
