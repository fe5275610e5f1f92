"""The language server end to end, as an editor drives it: a real `tonecoach lsp` process
over stdio, opened, edited, fixed through code actions, hovered, reconfigured, shut down."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Sequence

import pytest

pytest.importorskip("pygls", reason="the lsp extra is part of the test install")
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from .lsp_wire import english_words

pytestmark = pytest.mark.asyncio(loop_scope="module")

URI = "file:///tmp/tonecoach-lsp/reply.txt"
TIMEOUT = 20.0


def utf16_position(text: str, offset: int) -> lsp.Position:
    """An editor's idea of a position: UTF-16 code units since the line start."""
    line_start = text.rfind("\n", 0, offset) + 1
    units = len(text[line_start:offset].encode("utf-16-le")) // 2
    return lsp.Position(line=text.count("\n", 0, offset), character=units)


def utf16_offset(text: str, pos: lsp.Position) -> int:
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: pos.line])
    line = lines[pos.line] if pos.line < len(lines) else ""
    encoded = line.encode("utf-16-le")[: pos.character * 2]
    return start + len(encoded.decode("utf-16-le"))


def apply_edits(text: str, edits: Sequence[lsp.TextEdit]) -> str:
    """Apply edits as an editor does: all ranges refer to the text before any edit."""
    spans = sorted(((utf16_offset(text, e.range.start), utf16_offset(text, e.range.end),
                     e.new_text) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


async def wait_diagnostics(
    client: LanguageClient, predicate: Callable[[Sequence[lsp.Diagnostic]], bool]
) -> Sequence[lsp.Diagnostic]:
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while asyncio.get_running_loop().time() < deadline:
        diags = client.diagnostics.get(URI)
        if diags is not None and predicate(diags):
            return diags
        await asyncio.sleep(0.02)
    raise AssertionError(f"no matching diagnostics; last: {client.diagnostics.get(URI)}")


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[sys.executable, "-m", "tonecoach", "lsp"]),
)
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    registered: list[lsp.RegistrationParams] = []
    lsp_client.feature(lsp.CLIENT_REGISTER_CAPABILITY)(
        lambda params: registered.append(params))  # VS Code takes the file watchers
    await lsp_client.initialize_session(lsp.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        initialization_options={"clientName": "Ольга", "emoji": "none", "debounceMs": 50},
    ))
    yield
    await lsp_client.shutdown_session()


async def wait_message(client: LanguageClient, needle: str) -> str:
    """The first message shown to the user that contains ``needle``."""
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while True:
        found = [m.message for m in client.messages if needle in m.message]
        if found:
            return found[0]
        assert asyncio.get_running_loop().time() < deadline, [m.message for m in client.messages]
        await asyncio.sleep(0.02)


def codes(diags: Sequence[lsp.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in diags)


def change(client: LanguageClient, version: int, text: str) -> None:
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=URI, version=version),
        content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)]))


async def test_editing_cycle(client: LanguageClient) -> None:
    text = ("Ольга, здравствуйте! 🙂👍🏽\n"
            "Ты можешь проверить статус в приложении. Напиши нам, если что-то не так.")
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(
        uri=URI, language_id="plaintext", version=1, text=text)))
    diags = await wait_diagnostics(client, lambda d: "TC101" in codes(d))

    # ranges are in UTF-16 units: the emoji before do not shift them
    ty = next(d for d in diags if d.code == "TC101" and d.range.start.line == 1
              and d.range.start.character == 0)
    start = text.index("Ты можешь")
    assert ty.range.end == utf16_position(text, start + len("Ты можешь"))
    emoji = next(d for d in diags if d.code == "TC603")
    span = text[utf16_offset(text, emoji.range.start):utf16_offset(text, emoji.range.end)]
    assert span.strip() == "🙂"  # two UTF-16 units, not one
    assert ty.source == "tonecoach" and ty.severity == lsp.DiagnosticSeverity.Warning

    # one quick fix for the diagnostic, and «fix all» for the category
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=URI), range=ty.range,
        context=lsp.CodeActionContext(diagnostics=[ty])))
    assert actions
    titles = [a.title for a in actions if isinstance(a, lsp.CodeAction)]
    quick = next(a for a in actions if isinstance(a, lsp.CodeAction) and a.is_preferred)
    assert "Вы можете" in quick.title
    fix_all = next(a for a in actions if isinstance(a, lsp.CodeAction)
                   and a.title.startswith("Исправить всё: обращение"))
    assert fix_all.edit is not None and fix_all.edit.changes is not None, titles

    # the editor applies «fix all formality» and sends the new text
    fixed = apply_edits(text, fix_all.edit.changes[URI])
    assert "Вы можете проверить" in fixed and "Напишите нам" in fixed
    change(client, 2, fixed)
    diags = await wait_diagnostics(client, lambda d: not any(str(c).startswith("TC1")
                                                             for c in codes(d)))
    assert "TC603" in codes(diags)  # other families still speak

    # hover on the emoji explains the rule
    hover = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=URI),
        position=utf16_position(fixed, fixed.index("👍"))))
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    assert "TC603" in hover.contents.value

    # an incremental edit after the emoji lands where the editor meant it
    at = utf16_position(fixed, fixed.index("Вы можете"))
    end = lsp.Position(line=at.line, character=at.character + len("Вы можете"))
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=URI, version=3),
        content_changes=[lsp.TextDocumentContentChangePartial(
            range=lsp.Range(start=at, end=end), text="Можешь")]))
    diags = await wait_diagnostics(client, lambda d: "TC101" in codes(d))
    bad = next(d for d in diags if d.code == "TC101")
    assert bad.range.start == at

    # configuration: ignoring a family removes its diagnostics at once
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(
        settings={"tonecoach": {"ignore": ["TC1", "TC6"], "clientName": "Ольга"}}))
    diags = await wait_diagnostics(client, lambda d: not any(
        str(c).startswith(("TC1", "TC6")) for c in codes(d)))

    # a bad setting is refused with a Russian message, the old settings stay
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(
        settings={"emoji": "sometimes"}))
    shown = await wait_message(client, "emoji")
    assert "«sometimes» — допустимо: «none», «moderate», «any»" in shown, shown
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(
        settings={"ignore": None}))  # back to the default: nothing ignored
    await wait_diagnostics(client, lambda d: "TC101" in codes(d))

    client.text_document_did_close(lsp.DidCloseTextDocumentParams(
        text_document=lsp.TextDocumentIdentifier(uri=URI)))
    await wait_diagnostics(client, lambda d: len(d) == 0)


async def test_burst_of_changes_checks_only_the_latest(client: LanguageClient) -> None:
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(
        settings={"debounceMs": 200}))
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(
        uri=URI, language_id="plaintext", version=1, text="Добрый день!")))
    await wait_diagnostics(client, lambda d: True)
    before = await client.workspace_execute_command_async(
        lsp.ExecuteCommandParams(command="tonecoach.status"))
    draft = "Напиши нам, пожалуйста"
    for i in range(1, len(draft) + 1):  # a keystroke each
        change(client, i + 1, draft[:i])
    diags = await wait_diagnostics(client, lambda d: "TC101" in codes(d))
    after = await client.workspace_execute_command_async(
        lsp.ExecuteCommandParams(command="tonecoach.status"))
    assert after["checks_run"] - before["checks_run"] <= 3  # not one per keystroke
    assert [d.range.end.character for d in diags if d.code == "TC101"] == [len("Напиши")]
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(
        text_document=lsp.TextDocumentIdentifier(uri=URI)))


async def test_a_partial_change_keeps_the_init_options_and_null_resets(
        client: LanguageClient) -> None:
    text = "Здравствуйте, Олга! Ты можешь проверить заказ 🙂"
    # TC501 needs clientName, TC603 emoji = "none": both set by initializationOptions
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(
        uri=URI, language_id="plaintext", version=1, text=text)))
    await wait_diagnostics(client, lambda d: {"TC101", "TC501", "TC603"} <= set(codes(d)))

    # only «ignore» changes: clientName and emoji stay
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(
        settings={"tonecoach": {"ignore": ["TC1"]}}))
    diags = await wait_diagnostics(client, lambda d: "TC101" not in codes(d))
    assert codes(diags) == ["TC501", "TC603"]

    # null: emoji back to its default (one friendly emoji is fine), the name stays
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(
        settings={"emoji": None}))
    await wait_diagnostics(client, lambda d: "TC603" not in codes(d) and "TC501" in codes(d))
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(
        settings={"clientName": None, "ignore": None}))
    await wait_diagnostics(client, lambda d: "TC501" not in codes(d))
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(
        settings={"clientName": "Ольга", "emoji": "none"}))  # as the fixture set them
    await wait_diagnostics(client, lambda d: {"TC501", "TC603"} <= set(codes(d)))
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(
        text_document=lsp.TextDocumentIdentifier(uri=URI)))


async def test_an_unknown_code_is_refused_with_a_hint_and_the_server_goes_on(
        client: LanguageClient) -> None:
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(
        settings={"select": ["TC1O1", "TC999"]}))
    shown = await wait_message(client, "TC1O1")
    assert "может быть, TC101" in shown and "TC999" in shown, shown
    assert "Действуют прежние" in shown
    text = "Ты можешь проверить статус."
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(
        uri=URI, language_id="plaintext", version=1, text=text)))
    diags = await wait_diagnostics(client, lambda d: "TC101" in codes(d))  # the old settings
    hover = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=URI), position=diags[0].range.start))
    assert hover is not None and "предупреждение" in hover.contents.value  # type: ignore[union-attr]
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(
        text_document=lsp.TextDocumentIdentifier(uri=URI)))


async def test_every_message_shown_is_russian(client: LanguageClient) -> None:
    """Runs last: every message of this module's session, pop-ups and log lines."""
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(
        settings=["not", "an", "object"]))
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(
        settings={"colour": "red", "debounceMs": -5, "firstReply": "maybe"}))
    await wait_message(client, "colour")
    messages = [m.message for m in client.messages] + [m.message for m in client.log_messages]
    assert len(client.messages) >= 4
    for message in messages:
        assert not english_words(message), message
