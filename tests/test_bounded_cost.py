"""Cost grows linearly: 8x the input takes well under 64x (quadratic) the time.

These compare a check with itself at two sizes (best of three), so they hold on any machine;
absolute figures come from ``benchmarks/bounded_cost.py``."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

import tonecoach

GROWTH = 8
LIMIT = 24.0  # linear gives ~8 (up to ~15 on a busy machine); quadratic ~64
SENTENCE = "Ваш заказ уже в пути, напишите, если будут вопросы. "

INPUTS: dict[str, Callable[[int], str]] = {
    "prose": lambda n: SENTENCE * n,
    "one long word": lambda n: "ы" * (10 * n),
    "exclamation marks": lambda n: "!" * (10 * n),
    "nested quotes": lambda n: "«" * (10 * n) + "ты" + "»" * (10 * n),
    "one word repeated": lambda n: "тебе " * (10 * n),
    "emoji": lambda n: "👍🏽 " * (10 * n),
    "unbalanced quotes": lambda n: "«ты " * (10 * n),
    # a subject whose predicate is looked for, and a phrase whose entry has antipatterns,
    # over and over in one endless sentence
    "a subject repeated": lambda n: "ты " * (10 * n),
    "a guarded phrase repeated": lambda n: "в ближайшее время не " * n,
}


def best_of_three(coach: tonecoach.Coach, text: str) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        coach.check(text)
        times.append(time.perf_counter() - start)
        if times[-1] > 2:  # already far too slow: no need to wait for three
            break
    return min(times)


@pytest.mark.parametrize("kind", list(INPUTS))
@pytest.mark.slow
def test_time_grows_linearly(coach: tonecoach.Coach, kind: str) -> None:
    make = INPUTS[kind]
    small, large = make(200), make(200 * GROWTH)
    coach.check(small)  # warm the caches
    ratio = best_of_three(coach, large) / best_of_three(coach, small)
    assert ratio < LIMIT, f"{kind}: {GROWTH}x the input took {ratio:.1f}x the time"
