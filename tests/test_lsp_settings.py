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


# -- the same files and settings, without an editor --------------------------------------------

def test_an_editors_channel_keeps_the_files_other_channels(tmp_path: Path) -> None:
    from tonecoach.integrations.lsp.configs import ConfigFiles
    from tonecoach.integrations.lsp.settings import parse_settings

    (tmp_path / "tonecoach.toml").write_text("long_reply_words = {chat = 100}\n", "utf-8")
    base = ConfigFiles().near(tmp_path).config
    settings = parse_settings({"longReplyWords": {"email": 300}}, base)
    assert settings.config.long_reply_words == {"chat": 100, "email": 300}
    settings = parse_settings({"tonecoach": {"long_reply_words": {"email": None}}}, base)
    assert settings.config.long_reply_words == {"chat": 100, "email": 250}
    assert parse_settings({"long_reply_words": {"chat": 50}}).config.long_reply_words == {
        "chat": 50, "email": 250}


@pytest.mark.parametrize(("text", "ours"), [
    ('tool = "tonecoach"\n', False),  # a string: not a substring test
    ("tool = 1\n", False),  # no TypeError
    ("[tool.ruff]\nline-length = 99\n", False),
    ("[tool.tonecoach]\n", True),
    ('[project\nname = "x"\n', False),  # not TOML, and says nothing of tonecoach
    ('[tool.tonecoach]\nselect = ["TC1"\n', True),  # not TOML, ours: its error is shown
])
def test_which_pyproject_holds_the_settings(tmp_path: Path, text: str, ours: bool) -> None:
    from tonecoach.integrations.lsp.configs import ConfigFiles, _has_section

    project = tmp_path / "pyproject.toml"
    project.write_text(text, "utf-8")
    assert _has_section(project) is ours
    assert ConfigFiles().find(tmp_path) == (project if ours else None)


def test_a_broken_pyproject_is_shown_only_when_it_is_ours(tmp_path: Path) -> None:
    from tonecoach.integrations.lsp.configs import ConfigFiles

    (tmp_path / "tonecoach.toml").write_text('emoji = "none"\n', "utf-8")
    app = tmp_path / "app"
    app.mkdir()
    (app / "pyproject.toml").write_text('[project\nname = "x"\n', "utf-8")
    found = ConfigFiles().near(app)
    assert (found.path, found.problem, found.config.emoji) == (
        tmp_path / "tonecoach.toml", None, "none")
    (app / "pyproject.toml").write_text('[tool.tonecoach]\nemoji = "none\n', "utf-8")
    found = ConfigFiles().near(app)
    assert found.path == app / "pyproject.toml"
    assert found.problem is not None and found.problem.startswith("ошибка в синтаксисе TOML")


@pytest.mark.parametrize(("data", "problem"), [
    ('caps_allowed = ["СБЕР"]\n'.encode("cp1251"),
     "файл не в кодировке UTF-8 (байт 17, строка 1) — сохраните его в UTF-8"),
    ('caps_allowed = ["СБЕР"]\n'.encode("utf-16-le"),
     "файл не в кодировке UTF-8 (байт 1, строка 1) — сохраните его в UTF-8"),
    ('caps_allowed = ["СБЕР"]\n'.encode("utf-8-sig"), None),
    ('caps_allowed = ["СБЕР"]\n'.encode("utf-16"), None),
], ids=["cp1251", "utf-16 without BOM", "utf-8 BOM", "utf-16 BOM"])
def test_a_config_in_another_encoding(tmp_path: Path, data: bytes, problem: str | None) -> None:
    from tonecoach.integrations.lsp.configs import ConfigFiles

    (tmp_path / "tonecoach.toml").write_bytes(data)
    found = ConfigFiles().near(tmp_path)
    assert found.problem == problem
    assert found.config.caps_allowed == ([] if problem else ["СБЕР"])


def test_every_problem_of_a_file_at_once(tmp_path: Path) -> None:
    import tonecoach
    from tonecoach.integrations.lsp.configs import ConfigFiles

    (tmp_path / "tonecoach.toml").write_text('emoji = "nonee"\n[severity]\nTC999 = "info"\n',
                                             "utf-8")
    found = ConfigFiles(tonecoach.Coach().rules).near(tmp_path)
    assert found.problem is not None
    assert "emoji: «nonee»" in found.problem and "severity: нет правила с кодом «TC999»" in \
        found.problem, found.problem
