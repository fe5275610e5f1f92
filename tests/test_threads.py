"""One Coach shared by 8 threads gives exactly the results of a sequential run."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor

import pytest

import tonecoach
from tonecoach.models import Context
from tonecoach.rulebook.book import builtin_rules

CHECKS = 20_000
CONTEXTS = [
    Context(),
    Context(client_name="Ольга", client_message="Где мой заказ?! Жду неделю!!!"),
    Context(client_name="Никита Сергеевич", channel="email", first_reply=True),
    Context(client_message="Списали деньги дважды, верните"),
]


def inputs() -> list[tuple[str, Context]]:
    texts = []
    for rule in builtin_rules().values():
        texts += [c.text.replace("[[", "").replace("]]", "") for c in rule.examples.fail]
        texts += [p.text for p in rule.examples.pass_]
    cases = [(f"{t} {i}" if i else t, ctx)  # numbers make new strings for the caches
             for i, (t, ctx) in enumerate(itertools.product(texts, CONTEXTS))]
    return list(itertools.islice(itertools.cycle(cases), CHECKS))


@pytest.mark.slow
def test_eight_threads_match_a_sequential_run() -> None:
    cases = inputs()
    alone = tonecoach.Coach()
    expected = [alone.check(t, context=c).model_dump() for t, c in cases]
    shared = tonecoach.Coach()  # fresh: threads race on cold caches too
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda case: shared.check(case[0], context=case[1]).model_dump(),
                            cases, chunksize=50))
    assert len(got) == CHECKS
    mismatches = [i for i, (a, b) in enumerate(zip(got, expected, strict=True)) if a != b]
    assert mismatches == [], f"{len(mismatches)} differ, first: {cases[mismatches[0]]}"
