"""The language server: diagnostics as the operator types, quick fixes, hover.

Checks run in one worker thread, never on the event loop, so the server keeps reading
messages while a draft is checked. A change waits ``debounce_ms`` of quiet before it is
checked; a change that arrives meanwhile replaces it, and a result for a version that is
no longer current is dropped — only the latest version of a document is published.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pydantic import ValidationError
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import to_fs_path

from tonecoach import __version__
from tonecoach.coach import Coach
from tonecoach.errors import RuleDataError, RulePatternTimeout, TextTooLongError
from tonecoach.fixes import fix_until_stable
from tonecoach.integrations.lsp.convert import Checked, code_actions, hover
from tonecoach.integrations.lsp.positions import PositionMap
from tonecoach.integrations.lsp.settings import Settings, parse_settings
from tonecoach.models import Config, FixResult

log = logging.getLogger(__name__)
STATUS_COMMAND = "tonecoach.status"


class _Protocol(LanguageServerProtocol):
    """pygls 2.1 keeps the future of every notification handled by a built-in handler
    (didOpen, didChange, …) in ``_request_futures`` for good: about 2 kB per keystroke.
    Drop it when it is done."""

    def _check_handler_result(self, future: Any) -> None:
        super()._check_handler_result(future)
        for key in [k for k, f in self._request_futures.items() if f is future]:
            del self._request_futures[key]


class ToneServer(LanguageServer):
    """A pygls server that owns one :class:`Coach` and the last check of each document."""

    def __init__(self) -> None:
        super().__init__("tonecoach", __version__, protocol_cls=_Protocol)
        self.coach = Coach()
        self.base_config = Config()
        self.root: Path | None = None  # the workspace folder, for relative rule files
        self.settings = Settings()
        self.checked: dict[str, Checked] = {}
        self.checks_run = 0
        self._pending: dict[str, asyncio.Task[None]] = {}
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tonecoach")
        self._too_long_told: set[str] = set()

    def report_server_error(self, error: Exception, source: Any) -> None:
        """A message the server could not read or a failed notification: logged for the
        editor's log (no pop-up for the operator); no text of the draft leaves DEBUG."""
        log.debug("server error from %s: %r", source, error)
        self.window_log_message(lsp.LogMessageParams(
            type=lsp.MessageType.Error,
            message=f"tonecoach: {type(error).__name__} while handling a message"))

    @property
    def encoding(self) -> str:
        kind = self.workspace.position_encoding or lsp.PositionEncodingKind.Utf16
        return str(getattr(kind, "value", kind))

    # --- settings -------------------------------------------------------------------
    def apply_settings(self, raw: Any) -> bool:
        """Take new settings; on bad ones tell the user and keep the old. True if taken."""
        try:
            settings = _rooted(parse_settings(raw, self.base_config), self.root)
            if settings.config.rule_files != self.coach.config.rule_files:
                self.coach = Coach(settings.config)  # the company's rule files changed
        except (ValidationError, TypeError, RuleDataError) as exc:
            detail = exc.errors()[0] if isinstance(exc, ValidationError) else None
            where = ".".join(map(str, detail["loc"])) + ": " + detail["msg"] if detail else exc
            self.window_show_message(lsp.ShowMessageParams(
                type=lsp.MessageType.Error, message=f"tonecoach: настройки не приняты — {where}"))
            return False
        self.settings = settings
        return True

    # --- checking -------------------------------------------------------------------
    def schedule(self, uri: str, delay: float) -> None:
        """Check ``uri`` after ``delay`` seconds of quiet, replacing any pending check."""
        old = self._pending.pop(uri, None)
        if old is not None:
            old.cancel()
        self._pending[uri] = asyncio.ensure_future(self._check_later(uri, delay))

    def recheck_all(self) -> None:
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)

    def _check(self, uri: str, version: int | None, text: str) -> Checked | str:
        """Check one version; the reason as a string when the draft cannot be checked."""
        self.checks_run += 1
        s = self.settings
        try:
            report = self.coach.check(text, config=s.config, context=s.context)
        except (TextTooLongError, RulePatternTimeout) as exc:
            return str(exc)
        return Checked.build(uri, version, report, self.encoding)

    def _keep(self, uri: str, result: Checked | str) -> Checked | None:
        """Remember a check; tell the user once why a document is not checked."""
        if isinstance(result, Checked):
            self.checked[uri] = result
            self._too_long_told.discard(uri)
            return result
        self.checked.pop(uri, None)
        if uri not in self._too_long_told:
            self._too_long_told.add(uri)
            self.window_show_message(lsp.ShowMessageParams(
                type=lsp.MessageType.Warning, message=f"tonecoach не проверяет: {result}"))
        return None

    async def _check_later(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        doc = self.workspace.text_documents.get(uri)
        if doc is None:
            return
        version, text = doc.version, doc.source
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(self._worker, self._check, uri, version, text)
        except Exception as exc:  # a bug in a rule must not take the server down
            # the traceback may quote the draft: DEBUG only
            log.error("tonecoach failed on %s (version %s): %s", uri, version,
                      type(exc).__name__)
            log.debug("traceback", exc_info=True)
            self.window_log_message(lsp.LogMessageParams(
                type=lsp.MessageType.Error, message=f"tonecoach: проверка {uri} не удалась"))
            result = "внутренняя ошибка, подробности в журнале сервера"
        if self._pending.get(uri) is not asyncio.current_task():
            return  # a newer change came in (or the document was closed)
        del self._pending[uri]
        checked = self._keep(uri, result)
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=checked.diagnostics if checked else []))

    def current(self, uri: str) -> Checked | None:
        """The check of the document as it is now (checked on the spot if out of date)."""
        doc = self.workspace.text_documents.get(uri)
        if doc is None:
            return None
        checked = self.checked.get(uri)
        if checked is not None and checked.report.text == doc.source:
            return checked
        return self._keep(uri, self._check(uri, doc.version, doc.source))

    def close(self, uri: str) -> None:
        task = self._pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.checked.pop(uri, None)
        self._too_long_told.discard(uri)
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri,
                                                                             diagnostics=[]))


def _rooted(settings: Settings, root: Path | None) -> Settings:
    """Settings with relative rule files taken from the workspace folder."""
    files = settings.config.rule_files
    if root is None or all(Path(f).is_absolute() for f in files):
        return settings
    config = settings.config.model_copy(update={"rule_files": [str(root / f) for f in files]})
    return settings.model_copy(update={"config": config})


server = ToneServer()


@server.feature(lsp.INITIALIZE)
def initialize(ls: ToneServer, params: lsp.InitializeParams) -> None:
    root = to_fs_path(params.root_uri) if params.root_uri else None
    if root and Path(root).is_dir():
        ls.root = Path(root)
        try:
            ls.base_config = Config.discover(root)
        except (ValidationError, ValueError) as exc:
            log.warning("tonecoach.toml in %s is not valid: %s", root, exc)
    ls.apply_settings(params.initialization_options)


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: ToneServer, params: lsp.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: ToneServer, params: lsp.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, ls.settings.debounce_ms / 1000)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: ToneServer, params: lsp.DidSaveTextDocumentParams) -> None:
    if params.text_document.uri not in ls.checked:
        ls.schedule(params.text_document.uri, 0)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: ToneServer, params: lsp.DidCloseTextDocumentParams) -> None:
    ls.close(params.text_document.uri)


@server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
def did_change_configuration(ls: ToneServer, params: lsp.DidChangeConfigurationParams) -> None:
    if ls.apply_settings(params.settings):
        ls.recheck_all()


@server.feature(
    lsp.TEXT_DOCUMENT_CODE_ACTION,
    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix,
                                             lsp.CodeActionKind.SourceFixAll]),
)
def code_action(ls: ToneServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    checked = ls.current(params.text_document.uri)
    if checked is None:
        return []
    pos: PositionMap = checked.positions
    r = params.range
    start = pos.offset(r.start.line, r.start.character)
    end = pos.offset(r.end.line, r.end.character)
    only = [str(k) for k in params.context.only] if params.context.only else None
    settings = ls.settings

    def fixer(text: str, categories: Collection[str] | None) -> FixResult:
        try:
            return ls.coach.fix(text, config=settings.config, context=settings.context,
                                categories=categories)
        except (TextTooLongError, RulePatternTimeout):  # one pass over the report we have
            wanted = [s for s in checked.report.suggestions
                      if categories is None or s.category in categories]
            return fix_until_stable(text, wanted, None)

    return code_actions(checked, min(start, end), max(start, end), only, fixer)


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def on_hover(ls: ToneServer, params: lsp.HoverParams) -> lsp.Hover | None:
    checked = ls.current(params.text_document.uri)
    if checked is None:
        return None
    offset = checked.positions.offset(params.position.line, params.position.character)
    return hover(checked, offset, ls.coach.rules)


@server.command(STATUS_COMMAND)
def status(ls: ToneServer) -> dict[str, int]:
    """How much work the server has done (for tests and for curious users)."""
    return {"documents": len(ls.workspace.text_documents), "checks_run": ls.checks_run,
            "pending": len(ls._pending)}


class _PayloadToDebug(logging.Filter):
    """pygls logs whole messages (a draft, a client's name) at INFO and above: «Sending data:
    %s», «Language server initialized %s», tracebacks. Such records — with arguments or an
    exception — go down to DEBUG, so a draft never reaches a log above DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.DEBUG and (record.args or record.exc_info):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)
        return True


def _quiet_pygls() -> None:
    names = [n for n in logging.root.manager.loggerDict if n == "pygls" or n.startswith("pygls.")]
    for name in names:
        logging.getLogger(name).addFilter(_PayloadToDebug())


def main() -> None:
    """Serve over standard input and output."""
    _quiet_pygls()
    server.start_io()
