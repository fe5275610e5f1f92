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
        expected = check("" if pd.isna(text) else text,
                         client_name=None if pd.isna(name) else name, config=config)
        assert row["tc_codes"] == " ".join(s.code for s in expected.suggestions)
        assert row["tc_suggestions"] == len(expected.suggestions)
        assert row["tc_formality"] == len(expected.by_category("formality"))
        assert json.loads(row["tc_report"])["suggestions"] == [
            s.model_dump() for s in expected.suggestions]
    assert scored["operator"].tolist() == frame["operator"].tolist()
    assert scored["tc_formality"].dtype == "int64"
    by_operator = check_frame(ddf, "reply", report_json=False).groupby("operator")[
        "tc_suggestions"].sum().compute()
    assert by_operator.sum() == sum(len(check("" if pd.isna(t) else t).suggestions)
                                   for t in frame["reply"])


def test_unknown_column_is_a_clear_error() -> None:
    ddf = dd.from_pandas(pd.DataFrame({"reply": ["Добрый день"]}), npartitions=1)
    with pytest.raises(KeyError, match="no column 'text'"):
        check_frame(ddf)
