"""Real LanguageTool clients against ``tonecoach serve``: ``language_tool_python``
(``remote_server=``) and ``pylanguagetool`` (its library and its command line) read our
codes at the right spans, an emoji before a «ты» included — and neither downloads or
starts a LanguageTool of its own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import tonecoach
from tonecoach.integrations.server import create_app

from .http_server import free_port, running

DRAFT = "Привет! Ты где? 👍 Напиши мне."
EXPECTED = [("TC106", "Привет"), ("TC101", "Ты"), ("TC101", "Напиши")]


@pytest.fixture(scope="module")
def url(coach: tonecoach.Coach) -> Iterator[str]:
    with running(create_app(coach=coach)) as base:
        yield base


@pytest.fixture
def no_local_languagetool(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to download or start LanguageTool fails the test."""
    import language_tool_python.download_lt as download
    import language_tool_python.server as server

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the client tried to download or start LanguageTool")

    monkeypatch.setattr(download.LocalLanguageTool, "download", refuse)
    monkeypatch.setattr(server.LanguageTool, "_start_local_server", refuse)
    monkeypatch.setattr(server.LanguageTool, "_start_server_on_free_port", refuse)


def test_language_tool_python(url: str, no_local_languagetool: None) -> None:
    import language_tool_python

    tool = language_tool_python.LanguageTool("ru-RU", remote_server=url)
    try:
        matches = tool.check(DRAFT)
        # language_tool_python turns UTF-16 offsets back into Python ones: «Напиши» at 18
        assert [(m.rule_id, DRAFT[m.offset:m.offset + m.error_length]) for m in matches] \
            == EXPECTED
        assert [m.offset for m in matches] == [0, 8, 18]
        assert all(m.category == "FORMALITY" for m in matches)
        assert matches[1].replacements == ["Вы"]
        assert tool.correct(DRAFT) == "Здравствуйте! Вы где? 👍 Напишите мне."
        tool.disabled_rules = {"TC106"}
        assert [m.rule_id for m in tool.check(DRAFT)] == ["TC101", "TC101"]
    finally:
        tool.close()
    assert language_tool_python.LanguageTool("ru", remote_server=url).check(
        "Hello, where are you?") == []


def test_pylanguagetool_library(url: str) -> None:
    from pylanguagetool import api

    assert {"ru", "ru-RU"} <= {x for lang in api.get_languages(f"{url}/v2/")
                               for x in (lang["code"], lang["longCode"])}
    answer = api.check(DRAFT, api_url=f"{url}/v2/", lang="ru-RU")
    units = DRAFT.encode("utf-16-le")
    assert [(m["rule"]["id"],
             units[2 * m["offset"]:2 * (m["offset"] + m["length"])].decode("utf-16-le"))
            for m in answer["matches"]] == EXPECTED
    assert [m["offset"] for m in answer["matches"]] == [0, 8, 19]
    picky = api.check("Здравствуйте! Ваш заказ как бы уже в пути.", api_url=f"{url}/v2/",
                      lang="ru-RU", picky=True)
    assert [m["rule"]["id"] for m in picky["matches"]] == ["TC406"]


def test_pylanguagetool_command_line(url: str, tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Привет! Ты где? Напиши мне.", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", "from pylanguagetool.cli import main; main()",
                           "--api-url", f"{url}/v2/", "--lang", "ru-RU", "--no-color",
                           "--rules", "--rule-categories", str(draft)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout.count("TC101: Обращение к клиенту на «ты»") == 2
    assert "FORMALITY: Обращение" in done.stdout
    assert "  ✗ Привет! Ты где? Напиши мне." in done.stdout
    assert "Text checked by" in done.stdout


def _serve(port: int, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "tonecoach", "serve",
                             "--port", str(port), *extra], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_up(port: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError("tonecoach serve did not come up")


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])
def test_tonecoach_serve_command_and_graceful_shutdown(workers: str, tmp_path: Path) -> None:
    """The done-when check: ``tonecoach serve`` and language_tool_python in another process;
    SIGTERM stops it cleanly. With two workers each builds its coach from the settings
    handed over (here: a config that ignores TC106)."""
    (tmp_path / "tonecoach.toml").write_text('ignore = ["TC106"]\n', encoding="utf-8")
    port = free_port()
    proc = _serve(port, "--workers", workers, "--config", str(tmp_path / "tonecoach.toml"))
    try:
        _wait_up(port, proc)
        script = ("import language_tool_python as l; "
                  f"t = l.LanguageTool('ru-RU', remote_server='http://127.0.0.1:{port}'); "
                  f"print([(m.rule_id, m.offset, m.error_length) for m in t.check({DRAFT!r})])")
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              timeout=60, check=True)
        assert done.stdout.strip() == "[('TC101', 8, 2), ('TC101', 18, 6)]"
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as c:  # one kept-alive socket
            times = []
            for _ in range(20):
                started = time.perf_counter()
                assert c.get("/health").status_code == 200
                times.append(time.perf_counter() - started)
        # TCP_NODELAY (workers share a socket asyncio would leave without it): no 40 ms waits
        assert sorted(times)[10] < 0.02, times
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    # uvicorn finishes the requests in flight, then ends by the signal it caught
    assert proc.returncode in (0, -signal.SIGTERM), out
    assert "Application shutdown complete" in out
    assert "Привет" not in out and "Напиши" not in out  # no draft in the log


def test_serve_needs_the_extra(monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    """Without FastAPI or uvicorn: one line naming the extra, exit 2."""
    import builtins

    from tonecoach.integrations import cli

    real_import = builtins.__import__

    def no_uvicorn(name: str, *args: object, **kwargs: object) -> object:
        if name == "uvicorn" or name.startswith(("uvicorn.", "fastapi")):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    for module in [m for m in sys.modules if m.startswith("tonecoach.integrations.server.")
                   and not m.endswith(".limits")]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setattr(builtins, "__import__", no_uvicorn)
    with pytest.raises(SystemExit) as exc:
        cli.main(["serve", "--port", "1"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'tonecoach[server]'" in err


def test_serve_help_and_bad_options(monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    from tonecoach.integrations import cli

    monkeypatch.setenv("TONECOACH_API_KEY", "the-secret-key")
    with pytest.raises(SystemExit) as exc:
        cli.main(["serve", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "tonecoach serve --host 0.0.0.0" in out and ": 8081)" in out  # the default port
    assert "the-secret-key" not in out
    assert "LanguageTool" in out and "/v2" in out
    for bad in (["--workers", "0"], ["--timeout", "-1"], ["--max-pending", "x"]):
        with pytest.raises(SystemExit) as exc:
            cli.main(["serve", *bad])
        assert exc.value.code == 2


def test_non_loopback_host_warns(monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    from tonecoach.integrations import cli
    from tonecoach.integrations.server import run

    served: dict[str, object] = {}
    monkeypatch.setattr(run, "serve", lambda config, **kw: served.update(kw))
    monkeypatch.delenv("TONECOACH_API_KEY", raising=False)
    assert cli.main(["serve", "--host", "0.0.0.0", "--port", "9"]) == 0
    err = capsys.readouterr().err
    assert "0.0.0.0" in err and "--api-key" in err
    assert served["host"] == "0.0.0.0" and served["api_key"] is None
    monkeypatch.setenv("TONECOACH_API_KEY", "k")
    assert cli.main(["serve", "--port", "9"]) == 0
    assert capsys.readouterr().err == "" and served["api_key"] == "k"
