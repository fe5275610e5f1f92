"""The language server's settings as real editors send them: Neovim's empty ``init_options``
(``[]``), no workspace root, a ``tonecoach.toml`` per project found from each document's
folder, a broken file, a file edited while the server runs."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls", reason="the lsp extra is part of the test install")

from .lsp_wire import WireClient, english_words

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
TEXT = "Ты можешь проверить заказ 🙂"  # TC101; TC603 only with emoji = "none"


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("projects")
    for folder in ("quiet/drafts/2024", "loud", "plain", "broken"):
        (base / folder).mkdir(parents=True)
    (base / "quiet" / "tonecoach.toml").write_text('emoji = "none"\n', "utf-8")
    (base / "loud" / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.tonecoach]\nignore = ["TC1"]\n', "utf-8")
    (base / "broken" / "tonecoach.toml").write_text(
        'emoji = "sometimes"\nselect = ["TC1O1"]\n', "utf-8")
    return base


@pytest.fixture(scope="module")
def wire() -> Iterator[WireClient]:
    client = WireClient()
    reply = client.request("initialize", {
        "processId": os.getpid(), "rootUri": None, "initializationOptions": [],
        "capabilities": {"workspace": {"configuration": True,
                                       "didChangeWatchedFiles": {"dynamicRegistration": True}}}})
    assert "capabilities" in reply["result"]
    # Neovim's `init_options = {}` arrives as [] and is taken as {}: nothing shown
    shown = [m for m in list(client.inbox.queue) if m.get("method") == "window/showMessage"]
    assert shown == []
    client.notify("initialized", {})
    client.respond(pulled(client), [None])  # the editor has no «tonecoach» section
    register = client.wait(lambda m: m.get("method") == "client/registerCapability")
    assert isinstance(register["id"], int)  # Vim's LSP channel answers numeric ids only
    watchers = register["params"]["registrations"][0]["registerOptions"]["watchers"]
    assert [w["globPattern"] for w in watchers] == ["**/tonecoach.toml", "**/pyproject.toml"]
    client.respond(register, None)
    yield client
    client.close()


def pulled(wire: WireClient) -> dict[str, Any]:
    """The server's next ``workspace/configuration`` request: it asks for its section."""
    request = wire.wait(lambda m: m.get("method") == "workspace/configuration")
    assert [item["section"] for item in request["params"]["items"]] == ["tonecoach"]
    return request


def check(wire: WireClient, path: Path, version: int = 1, text: str | None = TEXT) -> list[str]:
    """Open (or change) a document and return the codes of its diagnostics (``text`` None:
    only wait for them)."""
    uri = path.as_uri()
    if text is None:
        pass
    elif version == 1:
        wire.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "text", "version": 1, "text": text}})
    else:
        wire.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [{"text": text}]})
    diags = wire.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                      and m["params"]["uri"] == uri and m["params"].get("version") == version)
    return sorted(d["code"] for d in diags["params"]["diagnostics"])


def shown(wire: WireClient, needle: str) -> str:
    msg: dict[str, Any] = wire.wait(lambda m: m.get("method") == "window/showMessage"
                                    and needle in m["params"]["message"])
    return str(msg["params"]["message"])


def test_each_document_finds_its_own_config_without_a_root(wire: WireClient,
                                                            projects: Path) -> None:
    assert check(wire, projects / "quiet" / "drafts" / "2024" / "reply.txt") == [
        "TC101", "TC603"]  # tonecoach.toml two folders up
    assert check(wire, projects / "loud" / "reply.txt") == []  # [tool.tonecoach] of pyproject
    assert check(wire, projects / "plain" / "reply.txt") == ["TC101"]  # no file: defaults


def test_a_broken_config_is_named_in_russian_and_the_defaults_check(
        wire: WireClient, projects: Path) -> None:
    assert check(wire, projects / "broken" / "reply.txt") == ["TC101"]
    message = shown(wire, "broken")
    assert str(projects / "broken" / "tonecoach.toml") in message
    assert "emoji: «sometimes» — допустимо: «none», «moderate», «any»" in message
    assert "select: нет правила с кодом «TC1O1» — может быть, TC101" in message
    assert "Проверяю без него" in message
    assert not english_words(message), message


def test_an_edited_config_is_read_again(wire: WireClient, projects: Path) -> None:
    toml = projects / "plain" / "tonecoach.toml"
    doc = projects / "plain" / "edited.txt"
    assert check(wire, doc) == ["TC101"]
    toml.write_text('ignore = ["TC1"]\nemoji = "none"\n', "utf-8")
    assert check(wire, doc, 2) == ["TC603"]
    toml.unlink()
    assert check(wire, doc, 3) == ["TC101"]


def test_editor_settings_lie_over_the_file_and_null_gives_it_back(
        wire: WireClient, projects: Path) -> None:
    doc = projects / "quiet" / "over.txt"
    assert check(wire, doc) == ["TC101", "TC603"]
    wire.notify("workspace/didChangeConfiguration", {"settings": {"emoji": "any"}})
    assert check(wire, doc, 2) == ["TC101"]
    wire.notify("workspace/didChangeConfiguration", {"settings": {"tonecoach": {"emoji": None}}})
    assert check(wire, doc, 3) == ["TC101", "TC603"]  # the file's «none» again


def test_settings_null_means_pull_them(wire: WireClient, projects: Path) -> None:
    """VS Code's way: ``didChangeConfiguration`` with ``settings: null``, then the server
    asks; each answer replaces the last one."""
    doc = projects / "plain" / "pulled.txt"
    assert check(wire, doc) == ["TC101"]
    wire.notify("workspace/didChangeConfiguration", {"settings": None})
    wire.respond(pulled(wire), [{"emoji": "none"}])
    assert check(wire, doc, 2) == ["TC101", "TC603"]
    wire.notify("workspace/didChangeConfiguration", {"settings": None})
    wire.respond(pulled(wire), [[]])  # Lua's empty table: nothing set any more
    assert check(wire, doc, 3) == ["TC101"]


def test_a_config_file_changed_on_disk_rechecks_open_documents(wire: WireClient,
                                                              projects: Path) -> None:
    doc = projects / "loud" / "watched.txt"
    assert check(wire, doc) == []
    toml = projects / "loud" / "pyproject.toml"
    toml.write_text('[tool.tonecoach]\nignore = ["TC999"]\n', "utf-8")
    wire.notify("workspace/didChangeWatchedFiles",
                {"changes": [{"uri": toml.as_uri(), "type": 2}]})
    assert check(wire, doc, 1, None) == ["TC101"]  # checked again, with the file's defaults
    message = shown(wire, "TC999")
    assert f"{toml} не принят — ignore: нет правила с кодом «TC999»" in message, message
