"""Benchmark: throughput, latency, start-up, memory — and the floor the analyzer stands on.

Replies of about 40 words are made by recombining the sentences in ``replies.txt``.
Run ``python benchmarks/bench.py`` (``--distinct 100000`` for the memory soak, slow).

The floor is what no implementation can avoid: spaCy's tokenizer plus one cached pymorphy3
parse per word. ``check/floor`` is how many times that the whole check costs.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import time
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
PASSES = 5  # over the same replies; the best pass is reported


def rss_mb() -> float:
    """Current resident set size in MB (Linux)."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def make_replies(n: int, seed: int, words: int = 40, novel: bool = False) -> list[str]:
    """``n`` distinct replies of about ``words`` words, recombined from replies.txt.

    ``novel`` adds an order number never seen before to each reply, so every reply also
    brings new strings (as real chats do) and the caches meet their bounds.
    """
    sentences = [s for s in (HERE / "replies.txt").read_text(encoding="utf-8").splitlines() if s]
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        parts: list[str] = []
        count = 0
        while count < words:
            s = rng.choice(sentences)
            parts.append(s)
            count += len(s.split())
        if novel:
            parts.insert(1, f"Номер заказа: {rng.randrange(10**9):09d}.")
        reply = " ".join(parts)
        if reply not in seen:
            seen.add(reply)
            out.append(reply)
    return out


def startup_seconds() -> float:
    """Import plus first check, in a fresh interpreter."""
    code = ("import time; t=time.perf_counter(); import tonecoach; "
            "tonecoach.check('Здравствуйте! Напиши нам.'); print(time.perf_counter()-t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return float(out.stdout)


def _timed(coach: object, replies: list[str], client: object) -> tuple[float, float]:
    """p50 and p99 latency (ms) of checking each reply with ``client(i)`` as the message."""
    check = coach.check  # type: ignore[attr-defined]
    make = client  # type: ignore[assignment]
    latencies = []
    for i, r in enumerate(replies):
        message = make(i)  # type: ignore[operator]
        t = time.perf_counter()
        check(r, client_message=message)
        latencies.append(time.perf_counter() - t)
    latencies.sort()
    return (latencies[len(latencies) // 2] * 1000, latencies[int(len(latencies) * 0.99)] * 1000)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--replies", type=int, default=3000, help="replies timed warm")
    ap.add_argument("--select", default="",
                    help="comma-separated code prefixes (e.g. TC1: the core and formality only)")
    ap.add_argument("--distinct", type=int, default=0,
                    help="also check this many distinct replies and report RSS growth")
    args = ap.parse_args()

    print(f"import + first check: {startup_seconds():.2f} s (fresh process)")

    import pymorphy3
    import spacy

    import tonecoach

    select = [p for p in args.select.split(",") if p]
    coach = tonecoach.Coach(tonecoach.Config(select=select))
    print(f"rules: {', '.join(select) if select else 'all'}")
    replies = make_replies(args.replies, seed=1)
    words = statistics.mean(len(r.split()) for r in replies)
    for r in replies[:200]:
        coach.check(r)  # warm caches

    # each pass timed alone, the best pass counted (for the floor too): less noise
    latencies: list[float] = []
    total = float("inf")
    for _ in range(PASSES):
        t0 = time.perf_counter()
        for r in replies:
            t = time.perf_counter()
            coach.check(r)
            latencies.append(time.perf_counter() - t)
        total = min(total, time.perf_counter() - t0)
    latencies.sort()
    p50 = latencies[len(latencies) // 2] * 1000
    p99 = latencies[int(len(latencies) * 0.99)] * 1000

    nlp = spacy.blank("ru")
    morph = pymorphy3.MorphAnalyzer()
    parse = lru_cache(maxsize=200_000)(morph.parse)

    def floor(text: str) -> None:
        for tok in nlp.tokenizer(text):
            if tok.is_alpha:
                parse(tok.text.lower())

    for r in replies[:200]:
        floor(r)
    floor_total = float("inf")
    for _ in range(PASSES):
        t0 = time.perf_counter()
        for r in replies:
            floor(r)
        floor_total = min(floor_total, time.perf_counter() - t0)

    clients = [c for c in (HERE / "clients.txt").read_text(encoding="utf-8").splitlines() if c]
    with_client = _timed(coach, replies, lambda i: clients[i % len(clients)])
    rng = random.Random(3)
    fresh_client = _timed(coach, replies,
                          lambda i: f"{rng.choice(clients)} Заказ №{rng.randrange(10**9)}.")

    print(f"replies: {len(replies)}, {words:.1f} words each on average")
    print(f"check: {len(replies) / total:,.0f} replies/s, p50 {p50:.2f} ms, p99 {p99:.2f} ms")
    print(f"with a client message (one of {len(clients)}, as an editor re-checks): "
          f"p50 {with_client[0]:.2f} ms, p99 {with_client[1]:.2f} ms")
    print(f"with a never-seen client message each (a batch of chats): "
          f"p50 {fresh_client[0]:.2f} ms, p99 {fresh_client[1]:.2f} ms")
    print(f"floor (spaCy tokenizer + cached pymorphy3 parse): "
          f"{floor_total / len(replies) * 1000:.3f} ms per reply")
    print(f"check/floor: {total / floor_total:.2f}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    if args.distinct:
        many = make_replies(args.distinct, seed=2, novel=True)
        before = rss_mb()
        t0 = time.perf_counter()
        for i, r in enumerate(many, 1):
            coach.check(r)
            if i % 20_000 == 0:
                print(f"  {i:>7} distinct replies: RSS {rss_mb():.0f} MB")
        print(f"{len(many):,} distinct replies in {time.perf_counter() - t0:.0f} s: "
              f"RSS {before:.0f} → {rss_mb():.0f} MB (+{rss_mb() - before:.1f} MB)")


if __name__ == "__main__":
    main()
