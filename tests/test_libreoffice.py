"""LibreOffice Writer (Debian's 7.4, headless) as a client of ``tonecoach serve``: its remote
LanguageTool grammar checker pointed at the server reports tonecoach's suggestions on a
Russian paragraph at their UTF-16 positions, with tonecoach's fixes as its suggestions.

LibreOffice is driven through UNO by ``tests/lo_check.py``, run with the system Python that
has ``uno`` (python3-uno); the venv's Python cannot import it. Skipped without ``soffice``;
under ``CI=true`` that is a failure (``.ci/run`` installs libreoffice-writer-nogui and
python3-uno).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import tonecoach

from .http_server import free_port

SOFFICE = shutil.which("soffice")
SYSTEM_PYTHON = "/usr/bin/python3"
HELPER = Path(__file__).parent / "lo_check.py"
CHECKER = "org.openoffice.lingu.LanguageToolGrammarChecker"
PARAGRAPH = "Привет! Ты где? 👍 Напиши мне, ты же обещал."


def _has_uno() -> bool:
    return SOFFICE is not None and Path(SYSTEM_PYTHON).exists() and subprocess.run(
        [SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


HAS_OFFICE = _has_uno()
if not HAS_OFFICE and os.environ.get("CI"):
    pytest.fail("CI needs LibreOffice and python3-uno for the LibreOffice test "
                "(.ci/run installs libreoffice-writer-nogui python3-uno)", pytrace=False)
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not HAS_OFFICE, reason="needs apt-get install "
                                 "libreoffice-writer-nogui python3-uno")]


def serve_command() -> tuple[str, ...]:
    """``tonecoach serve``, as a user runs it."""
    return (sys.executable, "-m", "tonecoach", "serve")


@contextmanager
def tonecoach_serve(*options: str, port: int | None = None) -> Iterator[str]:
    """``tonecoach serve`` in its own process; yields the base URL."""
    pytest.importorskip("fastapi", reason="the server extra: pip install 'tonecoach[server]'")
    port = port if port is not None else free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [*serve_command(), "--port", str(port), "--log-level", "warning", *options],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_up(url: str, process: subprocess.Popen[bytes] | None = None,
                  timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url + "/health", timeout=2):
                return
        except OSError:
            if process is not None and process.poll() is not None:
                assert process.stderr is not None
                raise AssertionError("tonecoach serve ended: "
                                     + process.stderr.read().decode(errors="replace")) from None
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def libreoffice(base_url: str, *texts: str, extra: tuple[str, ...] = (),
                timeout: float = 180.0) -> list[dict[str, Any]]:
    """Check each text as a Writer paragraph in Russian; LibreOffice's results, one per text
    (and one more first with ``--wait-for``)."""
    done = subprocess.run([SYSTEM_PYTHON, str(HELPER), "--base-url", base_url, *extra, *texts],
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": ""})
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def ty_positions(text: str) -> list[int]:
    """Where each «ты» stands, in UTF-16 code units."""
    return [utf16(text, m.start()) for m in re.finditer(r"\b[Тт]ы\b", text)]


def error_at(result: dict[str, Any], start: int) -> dict[str, Any]:
    found = [e for e in result["errors"] if e["start"] == start]
    assert found, f"nothing reported at {start}: {result['errors']}"
    return dict(found[0])


def says_vy(suggestions: list[str]) -> bool:
    return any(re.match(r"[Вв]ы\b", s) for s in suggestions)


def test_writer_paragraph_reports_both_ty_with_vy(tmp_path: Path) -> None:
    with tonecoach_serve() as url:
        [result] = libreoffice(url + "/v2", PARAGRAPH)
    assert result["proofreader"] == CHECKER and result["locale"] == "ru-RU"
    assert result["text"] == PARAGRAPH
    positions = ty_positions(PARAGRAPH)
    assert positions == [8, 31]  # the second after the emoji: UTF-16 counts it as two
    for start in positions:
        assert says_vy(error_at(result, start)["suggestions"]), result["errors"]
    # every underline is a tonecoach suggestion, LibreOffice's short comment its message
    report = tonecoach.check(PARAGRAPH)
    expected = {(utf16(PARAGRAPH, s.start), utf16(PARAGRAPH, s.end) - utf16(PARAGRAPH, s.start)):
                s for s in report.suggestions}
    for error in result["errors"]:
        s = expected[(error["start"], error["length"])]
        assert error["short"] == s.message
        assert error["suggestions"] == s.replacements[:len(error["suggestions"])]
    (tmp_path / "libreoffice.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))


def test_unencoded_body_keeps_ampersand_plus_and_percent() -> None:
    """LibreOffice posts ``text=<paragraph>&language=ru-RU`` without URL-encoding it."""
    text = "Ты & я + Вася, 100%25 скидка, напиши мне."
    with tonecoach_serve() as url:
        [result] = libreoffice(url + "/v2", text)
    assert result["proofreader"] == CHECKER
    assert says_vy(error_at(result, 0)["suggestions"])
    write = error_at(result, utf16(text, text.index("напиши")))
    assert write["length"] == len("напиши") and write["suggestions"][0] == "напишите"


def test_api_key_goes_with_a_username_only() -> None:
    """LibreOffice appends ``&username=…&apiKey=…`` (raw, unencoded) only when both are set."""
    with tonecoach_serve("--api-key", "s3cret-key") as url:
        keyed, = libreoffice(url + "/v2", PARAGRAPH,
                             extra=("--username", "оператор", "--api-key", "s3cret-key"))
        unnamed, = libreoffice(url + "/v2", PARAGRAPH, extra=("--api-key", "s3cret-key"))
    assert says_vy(error_at(keyed, 8)["suggestions"])
    assert unnamed["errors"] == []  # 401: LibreOffice shows nothing and says nothing


def test_raw_username_and_key_with_separators() -> None:
    """Both arrive unencoded, last: the server reads them from the right."""
    key = "k3y&+%20"
    with tonecoach_serve("--api-key", key) as url:
        result, = libreoffice(url + "/v2", PARAGRAPH,
                              extra=("--username", "Оля Петрова", "--api-key", key))
    assert says_vy(error_at(result, 8)["suggestions"])


def test_server_down_at_the_first_check_is_dropped_for_the_session() -> None:
    """LibreOffice asks ``/v2/languages`` once, at the first grammar check of the session;
    a server down then gets no language for the rest of the session (so start the server
    before LibreOffice, or restart LibreOffice)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    helper = subprocess.Popen(
        [SYSTEM_PYTHON, str(HELPER), "--base-url", url + "/v2", "--wait-for", url + "/health",
         PARAGRAPH], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": ""})
    try:
        assert helper.stdout is not None
        down = json.loads(helper.stdout.readline())  # checked while nothing listens
        with tonecoach_serve(port=port):
            out, err = helper.communicate(timeout=120)
    finally:
        if helper.poll() is None:
            helper.kill()
            helper.wait()
    assert helper.returncode == 0, err[-3000:]
    [up] = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert down["phase"] == "server down" and down["errors"] == []
    assert up["phase"] == "server up" and up["proofreader"] is None and up["errors"] == []
