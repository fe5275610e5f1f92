"""``tonecoach serve`` under abuse: huge and broken bodies, wrong content types, a crowd of
concurrent requests, a full server, slow checks, slow clients, a soak — each gets the right
status and the server keeps serving; memory stays flat; no draft reaches a log above
DEBUG."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

import tonecoach
from tonecoach.integrations.server import Limits, create_app

from .http_server import raw_request, running

DRAFT = "Привет! Ты где? 👍 Напиши мне."
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class SlowCoach:
    """A coach whose checks take ``delay`` seconds (or raise ``error``)."""

    def __init__(self, coach: tonecoach.Coach, delay: float = 0.0,
                 error: Exception | None = None) -> None:
        self._coach, self.delay, self.error = coach, delay, error
        self.rules, self.config = coach.rules, coach.config

    def check(self, text: str, **kwargs: Any) -> tonecoach.Report:
        time.sleep(self.delay)
        if self.error is not None and text != "warm-up":
            raise self.error
        return self._coach.check(text, **kwargs)

    def fix(self, text: str, **kwargs: Any) -> Any:
        time.sleep(self.delay)
        return self._coach.fix(text, **kwargs)


def served(app: Any) -> Any:
    return running(app, limit_concurrency=1000)


@pytest.fixture(scope="module")
def url(coach: tonecoach.Coach) -> Iterator[str]:
    with served(create_app(coach=coach, limits=Limits(read_timeout=1.0))) as base:
        yield base


@pytest.fixture(scope="module")
def client(url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, timeout=30) as c:
        yield c


def still_serving(client: httpx.Client) -> None:
    answer = client.post("/v2/check", data={"text": DRAFT, "language": "ru-RU"})
    assert answer.status_code == 200
    assert [m["rule"]["id"] for m in answer.json()["matches"]] == ["TC106", "TC101", "TC101"]


def idle(client: httpx.Client, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while client.get("/health").json()["checks_in_flight"]:
        assert time.monotonic() < deadline, "checks still in flight"
        time.sleep(0.02)


def test_ten_megabyte_body_is_413(url: str, client: httpx.Client) -> None:
    big = b"text=" + b"a" * (10 * 1024 * 1024)
    status, body = raw_request(url, b"POST /v2/check HTTP/1.1\r\nHost: x\r\n"
                               b"Content-Type: application/x-www-form-urlencoded\r\n"
                               b"Content-Length: %d\r\n\r\n" % len(big) + big[:65536])
    assert status == 413 and body.startswith("Error: Запрос длиннее предела".encode())
    declared = client.post("/v2/check", content=big, headers=FORM)
    assert declared.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(160):
            yield b"a" * 65536

    streamed = client.post("/api/check", content=chunks(),
                           headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413 and "Запрос длиннее" in streamed.json()["detail"]
    still_serving(client)


@pytest.mark.parametrize("body, headers", [
    (b"text=%FF%FE&language=ru-RU", FORM),  # not UTF-8 once decoded
    (b"text=\xff\xfe \xd0&language=ru-RU", FORM),  # raw, not UTF-8
    (b"--xyz\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n\xd0\x9f",
     {"Content-Type": "multipart/form-data; boundary=xyz"}),  # cut short
    (b"text=1", {"Content-Type": "multipart/form-data"}),  # no boundary
    (b'data={"annotation": [{"markup": 5}]}&language=ru-RU', FORM),
    (b"language=ru-RU", FORM),  # no text
])
def test_broken_form_data_is_400(client: httpx.Client, body: bytes,
                                 headers: dict[str, str]) -> None:
    answer = client.post("/v2/check", content=body, headers=headers)
    assert answer.status_code == 400, answer.text
    assert answer.text.startswith("Error: ")
    still_serving(client)


@pytest.mark.parametrize("path, kind, status", [
    ("/v2/check", "application/json", 415), ("/v2/check", "image/png", 415),
    ("/api/check", "text/plain", 415), ("/api/fix", "application/x-www-form-urlencoded", 415),
])
def test_wrong_content_type(client: httpx.Client, path: str, kind: str, status: int) -> None:
    answer = client.post(path, content='{"text": "Ты где?"}'.encode(),
                         headers={"Content-Type": kind})
    assert answer.status_code == status


def test_five_hundred_concurrent_requests(url: str, client: httpx.Client) -> None:
    """Beyond 64 checks in flight the answer is 503 at once, never a growing queue; every
    request gets 200 or 503, and the server is idle and well afterwards."""

    async def crowd() -> list[int]:
        limits = httpx.Limits(max_connections=500, max_keepalive_connections=0)
        async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as c:
            async def one(i: int) -> int:
                answer = await c.post("/v2/check", data={"text": f"{DRAFT} {i}",
                                                         "language": "ru-RU"})
                if answer.status_code == 503:
                    assert answer.headers["retry-after"] == "1"
                return answer.status_code
            return await asyncio.gather(*(one(i) for i in range(500)))

    statuses = asyncio.run(crowd())
    assert set(statuses) <= {200, 503} and statuses.count(200) >= 64
    idle(client)
    still_serving(client)


def test_full_server_answers_503_then_recovers(coach: tonecoach.Coach) -> None:
    app = create_app(coach=SlowCoach(coach, delay=0.4),
                     limits=Limits(max_pending=2, threads=2))
    with served(app) as base, httpx.Client(base_url=base, timeout=30) as c:
        idle(c)
        with ThreadPoolExecutor(2) as pool:
            slow = [pool.submit(c.post, "/api/check", json={"text": DRAFT}) for _ in range(2)]
            time.sleep(0.1)
            full = c.post("/v2/check", data={"text": DRAFT, "language": "ru-RU"})
            assert full.status_code == 503 and full.headers["retry-after"] == "1"
            assert full.text.startswith("Error: Сервер занят")
            native = c.post("/api/check", json={"text": DRAFT})
            assert native.status_code == 503 and "занят" in native.json()["detail"]
            assert [f.result().status_code for f in slow] == [200, 200]
        idle(c)
        assert c.post("/api/check", json={"text": DRAFT}).status_code == 200


def test_per_request_time_limit(coach: tonecoach.Coach) -> None:
    """A check over the time limit is 503; the event loop stays free meanwhile (health
    answers at once); the check's place is freed only when its thread is done."""
    app = create_app(coach=SlowCoach(coach, delay=0.6), limits=Limits(timeout=0.2))
    with served(app) as base, httpx.Client(base_url=base, timeout=30) as c:
        idle(c)
        with ThreadPoolExecutor(1) as pool:
            late = pool.submit(c.post, "/v2/check", data={"text": DRAFT, "language": "ru-RU"})
            time.sleep(0.1)
            started = time.monotonic()
            assert c.get("/health").json()["checks_in_flight"] == 1
            assert time.monotonic() - started < 0.2
            answer = late.result()
        assert answer.status_code == 503 and "не уложилась в 0.2 с" in answer.text
        idle(c)


def test_slow_clients_are_cut_off_and_others_served(url: str, client: httpx.Client) -> None:
    """Connected and silent, half a request line, headers and half a body: each is closed
    after the read timeout (1 s here) — 408 — while other clients are served meanwhile."""
    host, port = url.removeprefix("http://").split(":")
    stalled = {
        "silent": b"",
        "half a request": b"POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Ty",
        "half a body": b"POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Type: "
                       b"application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\ntext=",
    }
    socks = {}
    for name, data in stalled.items():
        sock = socket.create_connection((host, int(port)), timeout=5)
        sock.sendall(data)
        socks[name] = sock
    crowd = [socket.create_connection((host, int(port)), timeout=5) for _ in range(50)]
    try:
        started = time.monotonic()
        still_serving(client)
        assert time.monotonic() - started < 0.9
        for name, sock in socks.items():
            answer = sock.recv(4096)
            assert answer.startswith(b"HTTP/1.1 408"), (name, answer)
            assert time.monotonic() - started < 4, name
        still_serving(client)
    finally:
        for sock in [*socks.values(), *crowd]:
            sock.close()


def test_no_draft_in_logs_above_debug(coach: tonecoach.Coach) -> None:
    secret, message = "Ты где, Зоя Секретова?", "Мой номер 4276-СЕКРЕТ"
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(logging.DEBUG)
    names = ("uvicorn", "uvicorn.access", "uvicorn.error", "tonecoach", "fastapi", "starlette")
    loggers = [logging.getLogger(n) for n in names]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)
    try:
        failing = SlowCoach(coach, error=RuntimeError(f"boom on {secret}"))
        with running(create_app(coach=failing), log_level="debug") as base, \
                httpx.Client(base_url=base, timeout=30) as c:
            form = {"text": secret, "language": "ru-RU", "clientMessage": message}
            assert c.post("/v2/check", data=form).status_code == 500
            assert c.get("/v2/check", params=form).status_code == 500
            assert c.post("/api/check", json={"text": secret,
                                              "context": {"client_message": message}}
                          ).status_code == 500
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.removeHandler(handler)
            lg.setLevel(level)
    server = ("uvicorn", "tonecoach", "fastapi", "starlette")  # not the test's own httpx
    loud = [r.getMessage() for r in records
            if r.levelno > logging.DEBUG and r.name.startswith(server)]
    assert any("GET /v2/check?…" in m for m in loud), loud
    assert any("check failed: RuntimeError" in m for m in loud), loud
    for text in (secret, message, "Секретова", "4276"):
        assert not [m for m in loud if text in m], text
    assert any(secret in r.getMessage() for r in records if r.levelno == logging.DEBUG)


def _rss_kib() -> int:
    status = Path("/proc/self/status")
    if not status.exists():
        pytest.skip("needs /proc (Linux) to read the memory in use")
    line = next(x for x in status.read_text().splitlines() if x.startswith("VmRSS:"))
    return int(line.split()[1])


def soak(url: str, requests: int, checkpoints: int = 5) -> list[int]:
    """``requests`` requests (LanguageTool and native, distinct texts) on 4 connections;
    the RSS (KiB) after each fifth."""
    texts = [f"Привет! Ты где, {i}? Напиши мне, пожалуйста, заказ {i * 7} в пути." for i in
             range(requests)]
    rss: list[int] = []
    step = requests // checkpoints

    def worker(part: list[str]) -> None:
        with httpx.Client(base_url=url, timeout=30) as c:
            for i, text in enumerate(part):
                if i % 2:
                    assert c.post("/api/check", json={"text": text}).status_code == 200
                else:
                    assert c.post("/v2/check", data={"text": text, "language": "ru"}
                                  ).status_code == 200

    for k in range(checkpoints):
        batch = texts[k * step:(k + 1) * step]
        threads = [threading.Thread(target=worker, args=(batch[j::4],)) for j in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        rss.append(_rss_kib())
    return rss


def test_memory_stays_flat_over_thousands_of_requests(url: str) -> None:
    rss = soak(url, 1_200, checkpoints=3)
    assert rss[-1] - rss[0] < 12 * 1024, rss  # KiB


@pytest.mark.slow
def test_memory_stays_flat_over_a_long_soak(url: str) -> None:
    """30,000 requests here (about a minute); TONECOACH_SOAK=100000 or
    ``benchmarks/server.py`` for the full 100,000."""
    rss = soak(url, int(os.environ.get("TONECOACH_SOAK", "30000")), checkpoints=5)
    assert rss[-1] - rss[1] < 16 * 1024, rss  # KiB, after the caches have filled
