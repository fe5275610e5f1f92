"""Every public entry point runs with the network blocked, and no log record above DEBUG
carries the draft or the client's message.

The block is an audit hook installed by a ``sitecustomize`` module on PYTHONPATH, so it holds
in every process the entry points start (worker processes, the language server)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .lsp_wire import WireClient

SECRET_DRAFT = "Ты можешь написать нам, Зоя Секретова"
SECRET_MESSAGE = "Мой номер 4276-СЕКРЕТ, верните деньги!!!"
SITECUSTOMIZE = r'''
import logging, os, socket, sys

def _no_network(event, args):
    if event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr"):
        raise OSError(f"network blocked by the test: {event}")
    if event in ("socket.connect", "socket.sendto", "socket.bind") and getattr(
            args[0], "family", None) in (socket.AF_INET, socket.AF_INET6):
        raise OSError(f"network blocked by the test: {event} {args[1:]!r}")

sys.addaudithook(_no_network)
if os.environ.get("TONECOACH_TEST_LOG"):
    logging.basicConfig(level=logging.DEBUG, filename=os.environ["TONECOACH_TEST_LOG"],
                        format="\x1e%(levelname)s %(name)s %(message)s")
'''
ENTRY_POINTS = r'''
import json, sys, tempfile
from pathlib import Path
import socket
try:
    socket.create_connection(("127.0.0.1", 9), timeout=1)
except OSError as exc:
    assert "blocked by the test" in str(exc), exc
else:
    raise SystemExit("the network block does not hold")

import tonecoach
from tonecoach.integrations.cli import main as cli
draft, message = sys.argv[1], sys.argv[2]
report = tonecoach.check(draft, client_name="Зоя", client_message=message)
assert report.suggestions
tonecoach.apply_fixes(draft, report.suggestions)
assert "<script>" not in tonecoach.check("<script>alert(1)</script> ты")._repr_html_()
report._repr_html_()
rows = [{"text": draft, "client_message": message}] * 3
assert len(list(tonecoach.check_many(rows, n_process=1))) == 3
assert len(list(tonecoach.check_many(rows, n_process=2))) == 3
import spacy
nlp = spacy.blank("ru")
nlp.add_pipe("tonecoach")
assert nlp(draft)._.tone_report.suggestions
import dask.dataframe as dd, pandas as pd
from tonecoach.integrations.dask import check_frame
frame = dd.from_pandas(pd.DataFrame({"text": [draft] * 4}), npartitions=2)
assert check_frame(frame).compute()["tc_suggestions"].min() > 0
tmp = Path(tempfile.mkdtemp())
(tmp / "d.txt").write_text(draft, "utf-8")
(tmp / "m.txt").write_text(message, "utf-8")
(tmp / "cases.jsonl").write_text(json.dumps({"text": draft, "expect": {"formality": True}},
                                            ensure_ascii=False) + "\n", "utf-8")
(tmp / "rows.jsonl").write_text(json.dumps({"text": draft}, ensure_ascii=False) + "\n", "utf-8")
for argv in (["check", str(tmp / "d.txt"), "--client-message-file", str(tmp / "m.txt")],
             ["check", str(tmp / "d.txt"), "--format", "json", "--fix"],
             ["rules"], ["schema"], ["eval", str(tmp / "cases.jsonl")],
             ["batch", str(tmp / "rows.jsonl"), "--out", str(tmp / "out.jsonl"), "-j", "1"]):
    try:
        code = cli(argv)
    except SystemExit as exc:
        code = exc.code
    assert code in (0, 1), (argv, code)
print("ALL-ENTRY-POINTS-RAN")
'''


@pytest.fixture()
def guarded_env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitecustomize.py").write_text(SITECUSTOMIZE, "utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(tmp_path / "site"), *filter(None, [env.get("PYTHONPATH")])])
    env["TONECOACH_TEST_LOG"] = str(tmp_path / "log.txt")
    return env


def records_above_debug(log: Path) -> list[str]:
    text = log.read_text("utf-8") if log.exists() else ""
    return [r for r in text.split("\x1e") if r and not r.startswith("DEBUG ")]


def assert_nothing_leaked(log: Path) -> None:
    for record in records_above_debug(log):
        for secret in ("Секретова", "СЕКРЕТ", "Зоя"):
            assert secret not in record, f"logged above DEBUG: {record[:300]}"


@pytest.mark.slow
def test_entry_points_run_offline_and_log_no_draft(guarded_env: dict[str, str],
                                                   tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", ENTRY_POINTS, SECRET_DRAFT, SECRET_MESSAGE],
                          env=guarded_env, capture_output=True, text=True, timeout=300,
                          cwd=tmp_path)
    assert "ALL-ENTRY-POINTS-RAN" in done.stdout, done.stderr[-3000:]
    assert_nothing_leaked(tmp_path / "log.txt")


@pytest.mark.slow
def test_language_server_runs_offline_and_logs_no_draft(guarded_env: dict[str, str],
                                                       tmp_path: Path) -> None:
    pytest.importorskip("pygls", reason="the lsp extra is part of the test install")
    wire = WireClient(env=guarded_env)
    try:
        wire.request("initialize", {"processId": None, "rootUri": None, "capabilities": {},
                                    "initializationOptions": {"clientName": "Зоя Секретова",
                                                              "clientMessage": SECRET_MESSAGE}})
        wire.notify("initialized", {})
        uri = "file:///tmp/secret.txt"
        wire.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "plaintext", "version": 1, "text": SECRET_DRAFT}})
        diags = wire.diagnostics(uri, 1)["diagnostics"]
        assert any(d["code"] == "TC101" for d in diags)
        reply = wire.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": diags[0]["range"],
            "context": {"diagnostics": diags}})
        assert reply["result"]
        wire.send_raw(json.dumps({"jsonrpc": "2.0", "method": "textDocument/didChange",
                                  "params": {"text": SECRET_DRAFT}}).encode())  # malformed
        wire.request("workspace/executeCommand", {"command": "tonecoach.status"})
    finally:
        wire.close()
    assert wire.proc.returncode == 0
    log = tmp_path / "log.txt"
    assert any("Секретова" in r for r in log.read_text("utf-8").split("\x1e")
               if r.startswith("DEBUG ")), "pygls' payload records should be there, at DEBUG"
    assert_nothing_leaked(log)
