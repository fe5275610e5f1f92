"""The language server under abuse: broken messages, unknown methods, a 5 MB document,
bursts of edits. It stays alive, answers the next request, and checks only what is latest."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pytest

pytest.importorskip("pygls", reason="the lsp extra is part of the test install")

from .lsp_wire import WireClient, english_words

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
URI = "file:///tmp/tonecoach-abuse/reply.txt"


@pytest.fixture(scope="module")
def wire() -> Iterator[WireClient]:
    client = WireClient()
    reply = client.request("initialize", {"processId": os.getpid(), "rootUri": None,
                                          "capabilities": {},
                                          "initializationOptions": {"debounceMs": 100}})
    assert "capabilities" in reply["result"]
    client.notify("initialized", {})
    yield client
    client.close()
    assert client.proc.returncode == 0


def alive(wire: WireClient) -> dict[str, int]:
    reply = wire.request("workspace/executeCommand", {"command": "tonecoach.status"})
    assert wire.proc.poll() is None
    return dict(reply["result"])


def open_doc(wire: WireClient, text: str, version: int = 1) -> None:
    wire.notify("textDocument/didOpen", {"textDocument": {
        "uri": URI, "languageId": "plaintext", "version": version, "text": text}})


def change(wire: WireClient, version: int, text: str) -> None:
    wire.notify("textDocument/didChange", {
        "textDocument": {"uri": URI, "version": version}, "contentChanges": [{"text": text}]})


def test_malformed_messages_and_unknown_methods(wire: WireClient) -> None:
    wire.send_raw(b"{this is not json")
    wire.send_raw(b'{"jsonrpc": "2.0", "id": 99, "method": "textDocument/hover", "params": 7}')
    wire.send_raw(b'["jsonrpc"]')
    unknown = wire.request("tonecoach/noSuchMethod", {"x": 1})
    assert unknown["error"]["code"] == -32601  # method not found
    wire.notify("$/noSuchNotification", {})
    wire.notify("textDocument/didChange", {"textDocument": {"uri": "file:///never-opened",
                                                            "version": 2},
                                           "contentChanges": [{"text": "ты"}]})
    alive(wire)
    logged = wire.wait(lambda m: m.get("method") == "window/logMessage"
                       and "JSONDecodeError" in m["params"]["message"])
    assert logged["params"]["type"] == 1  # an error in the editor's log, not a pop-up
    assert not english_words(logged["params"]["message"]), logged


def test_huge_document_is_refused_with_a_message(wire: WireClient) -> None:
    huge = "Ты можешь написать нам. " * 220_000  # 5.3 MB
    open_doc(wire, huge)
    shown = wire.wait(lambda m: m.get("method") == "window/showMessage"
                      and "не проверяет" in m["params"]["message"])
    assert "не больше 1\u00a0000\u00a0000" in shown["params"]["message"]
    assert not english_words(shown["params"]["message"]), shown
    assert wire.diagnostics(URI, 1)["diagnostics"] == []
    alive(wire)
    wire.notify("textDocument/didClose", {"textDocument": {"uri": URI}})


@pytest.mark.slow
def test_burst_of_edits_checks_the_latest_only_and_memory_stays_flat(wire: WireClient) -> None:
    open_doc(wire, "Добрый день!")
    wire.diagnostics(URI, 1)
    before = alive(wire)["checks_run"]
    draft = "Здравствуйте! Напиши нам, пожалуйста, номер заказа."
    version = 1
    for i in range(2_000):
        version += 1
        change(wire, version, draft[: 1 + i % len(draft)])
    change(wire, version + 1, draft)
    last = wire.diagnostics(URI, version + 1)
    assert [d["code"] for d in last["diagnostics"]] == ["TC101"]
    assert alive(wire)["checks_run"] - before <= 3  # not one per edit

    # 50,000 more edits: the server's memory does not grow with them
    version += 1
    rss = []
    for round_ in range(5):
        for i in range(10_000):
            version += 1
            change(wire, version, draft[: 1 + (i + round_) % len(draft)] + f" {i}")
        alive(wire)
        rss.append(wire.rss_kb())
    print(f"server RSS after each 10,000 edits: {rss} kB")
    assert rss[-1] - rss[0] < 8_000, f"RSS grew {rss} kB"  # it was +80 MB with pygls' leak
    wire.notify("textDocument/didClose", {"textDocument": {"uri": URI}})
