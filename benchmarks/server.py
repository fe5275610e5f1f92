"""Benchmark of ``tonecoach serve``: requests/s and p50/p99 latency at 1, 8 and 64 concurrent
clients, and the cost over an in-process ``Coach.check`` of the same replies.

The server runs in its own process (``python -m tonecoach serve``); the load
comes from this process through a minimal asyncio HTTP/1.1 client on kept-alive connections
(a full HTTP client library would cost more CPU than the server on a 2-core machine). Each
request is a LanguageTool ``POST /v2/check`` of a ~40-word reply (``--native``: ``POST
/api/check``). The machine's load average is printed before and after: other work on the
machine shows in the figures.

    .venv/bin/python benchmarks/server.py                 # 1, 8, 64 clients
    .venv/bin/python benchmarks/server.py --workers 2     # two server processes
    .venv/bin/python benchmarks/server.py --soak 100000   # server memory over many requests
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import make_replies  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-m", "tonecoach", "serve",
                             "--port", str(port), "--workers", str(workers),
                             "--log-level", "warning", "--max-pending", "256"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        raise SystemExit("the server did not start")
    return proc


def request_bytes(text: str, native: bool) -> bytes:
    if native:
        body = json.dumps({"text": text}, ensure_ascii=False).encode()
        path, kind = "/api/check", "application/json"
    else:
        body = urllib.parse.urlencode({"text": text, "language": "ru-RU"}).encode()
        path, kind = "/v2/check", "application/x-www-form-urlencoded"
    return (f"POST {path} HTTP/1.1\r\nHost: bench\r\nContent-Type: {kind}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


async def one_client(port: int, requests: list[bytes], latencies: list[float],
                     statuses: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for data in requests:
            started = time.perf_counter()
            writer.write(data)
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:"))
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            statuses.append(int(head.split()[1]))
    finally:
        writer.close()


async def load(port: int, payloads: list[bytes], clients: int) -> tuple[float, list[float],
                                                                        list[int]]:
    latencies: list[float] = []
    statuses: list[int] = []
    started = time.perf_counter()
    await asyncio.gather(*(one_client(port, payloads[i::clients], latencies, statuses)
                           for i in range(clients)))
    return time.perf_counter() - started, latencies, statuses


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def in_process(replies: list[str]) -> tuple[float, float]:
    """Checks/s and p50 (ms) of ``Coach.check`` on the same replies, warm, best of 3."""
    import tonecoach

    coach = tonecoach.Coach()
    for text in replies:
        coach.check(text)
    best: tuple[float, float] = (0.0, 0.0)
    for _ in range(3):
        times = []
        started = time.perf_counter()
        for text in replies:
            t0 = time.perf_counter()
            coach.check(text)
            times.append(time.perf_counter() - t0)
        rate = len(replies) / (time.perf_counter() - started)
        if rate > best[0]:
            best = (rate, statistics.median(times) * 1000)
    return best


def rss_mb(pid: int) -> float:
    """The server's resident memory, children (workers) included."""
    pids = [pid, *(int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]
    total = 0
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def soak(port: int, pid: int, total: int, native: bool) -> None:
    replies = make_replies(2_000, seed=7, novel=True)
    step = max(total // 10, 1)
    sent = 0
    while sent < total:
        payloads = [request_bytes(f"{replies[(sent + i) % len(replies)]} Заказ {sent + i}.",
                                  native) for i in range(step)]
        _, _, statuses = asyncio.run(load(port, payloads, 8))
        sent += step
        bad = sum(1 for s in statuses if s != 200)
        print(f"{sent:>8,} requests: server RSS {rss_mb(pid):6.1f} MB  (non-200: {bad})",
              flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3_000, help="per concurrency level")
    parser.add_argument("--clients", default="1,8,64")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--native", action="store_true", help="POST /api/check instead")
    parser.add_argument("--soak", type=int, default=0, help="requests for the memory soak")
    args = parser.parse_args()

    print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    port = free_port()
    proc = start_server(port, args.workers)
    try:
        if args.soak:
            soak(port, proc.pid, args.soak, args.native)
            return
        replies = make_replies(args.requests, seed=3)
        payloads = [request_bytes(text, args.native) for text in replies]
        asyncio.run(load(port, payloads[:500], 8))  # warm: the first check loads the rules
        rate, p50 = in_process(replies[:1000])
        print(f"in-process Coach.check: {rate:,.0f} checks/s, p50 {p50:.3f} ms")
        endpoint = "/api/check" if args.native else "/v2/check"
        print(f"server ({args.workers} worker(s)), {endpoint}, {len(payloads):,} requests "
              "per level:")
        for clients in (int(c) for c in args.clients.split(",")):
            elapsed, latencies, statuses = asyncio.run(load(port, payloads, clients))
            ms = [x * 1000 for x in latencies]
            bad = sum(1 for s in statuses if s != 200)
            served = len(statuses) / elapsed
            print(f"  {clients:>3} clients: {served:7,.0f} req/s  p50 {pct(ms, 0.5):7.2f} ms  "
                  f"p99 {pct(ms, 0.99):7.2f} ms  non-200 {bad}  "
                  f"(in-process/server: {rate / served:.1f}× throughput, "
                  f"{pct(ms, 0.5) / p50:.1f}× p50)")
    finally:
        proc.terminate()
        proc.wait(30)
        print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
