"""Bounded cost: time grows linearly with the draft, and pathological drafts finish.

    python benchmarks/bounded_cost.py

Prints seconds per input; fails (exit 1) when 1 MB takes more than 12x the time of 100 KB
or any input takes longer than ``--budget`` seconds.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import tonecoach

HERE = Path(__file__).resolve().parent


def prose(size: int, seed: int = 1) -> str:
    """Real reply sentences, shuffled, up to ``size`` characters."""
    sentences = [s for s in (HERE / "replies.txt").read_text("utf-8").splitlines() if s]
    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < size:
        s = rng.choice(sentences)
        out.append(s)
        total += len(s) + 1
    return " ".join(out)[:size]


def timed(coach: tonecoach.Coach, text: str) -> tuple[float, int]:
    start = time.perf_counter()
    report = coach.check(text)
    return time.perf_counter() - start, len(report.suggestions)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=30.0, help="seconds allowed per input")
    args = parser.parse_args()
    coach = tonecoach.Coach()
    coach.check("Прогрев: загрузка словарей.")
    cases = {
        "prose 100 KB": prose(100_000),
        "prose 1 MB": prose(1_000_000, seed=2),
        "one 1 MB word": "ы" * 999_999,
        "100,000 «!»": "!" * 100_000,
        "10,000 nested quotes": "«" * 10_000 + "ты" + "»" * 10_000,
        "50,000 × «тебе»": "тебе " * 50_000,
        "50,000 × «Ольга,»": "Ольга, " * 50_000,
        "100,000 emoji": "👍🏽" * 100_000,
    }
    seconds: dict[str, float] = {}
    failed = False
    for name, text in cases.items():
        took, found = timed(coach, text)
        seconds[name] = took
        print(f"{name:24} {len(text):>9,} chars  {took:7.2f} s  {found:>7,} suggestions")
        if took > args.budget:
            print(f"  over the budget of {args.budget} s", file=sys.stderr)
            failed = True
    ratio = seconds["prose 1 MB"] / seconds["prose 100 KB"]
    print(f"1 MB / 100 KB: {ratio:.1f}x (limit 12x)")
    try:
        coach.check("ы" * 1_000_001)
    except tonecoach.TextTooLongError as exc:
        print(f"over the limit: TextTooLongError: {exc}")
    else:
        print("over the limit: no error", file=sys.stderr)
        failed = True
    return 1 if failed or ratio > 12 else 0


if __name__ == "__main__":
    raise SystemExit(main())
