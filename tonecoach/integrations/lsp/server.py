"""The language server: diagnostics as the operator types, quick fixes, hover.

Checks run in one worker thread, never on the event loop, so the server keeps reading
messages while a draft is checked. A change waits ``debounce_ms`` of quiet before it is
checked; a change that arrives meanwhile replaces it, and a result for a version that is
no longer current is dropped — only the latest version of a document is published.

Each document is checked with the ``tonecoach.toml`` nearest to it (:mod:`.configs`) and the
editor's settings laid over it (:mod:`.settings`); all the operator is told is Russian
(:mod:`.messages`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import to_fs_path

from tonecoach import __version__
from tonecoach.coach import Coach
from tonecoach.errors import RuleDataError, RulePatternTimeout, TextTooLongError
from tonecoach.fixes import fix_until_stable
from tonecoach.integrations.lsp.configs import ConfigFiles, Found
from tonecoach.integrations.lsp.convert import Checked, code_actions, hover
from tonecoach.integrations.lsp.messages import (
    code_problems,
    pattern_timeout,
    sentence,
    too_long,
)
from tonecoach.integrations.lsp.positions import PositionMap
from tonecoach.integrations.lsp.settings import (
    Settings,
    SettingsError,
    merge,
    normalize,
    parse_settings,
    spellings,
)
from tonecoach.models import Config, FixResult

log = logging.getLogger(__name__)
STATUS_COMMAND = "tonecoach.status"
REQUEST_TIMEOUT = 5.0  # seconds to wait for the editor's answer to a request


class _Protocol(LanguageServerProtocol):
    """pygls 2.1 keeps the future of every notification handled by a built-in handler
    (didOpen, didChange, …) in ``_request_futures`` for good: about 2 kB per keystroke.
    Drop it when it is done."""

    def _check_handler_result(self, future: Any) -> None:
        super()._check_handler_result(future)
        for key in [k for k, f in self._request_futures.items() if f is future]:
            del self._request_futures[key]


class ToneServer(LanguageServer):
    """A pygls server that owns the coaches, the settings and the last check of each
    document."""

    def __init__(self) -> None:
        super().__init__("tonecoach", __version__, protocol_cls=_Protocol)
        self.coach = Coach()  # built-in rules; one more coach per set of company rule files
        self._coaches: dict[tuple[str, ...], Coach] = {(): self.coach}
        self.files = ConfigFiles(self.coach.rules)
        self.root: Path | None = None  # the workspace folder, for relative rule files
        self.pushed: dict[str, Any] = {}  # initializationOptions, changes laid over them
        self.pulled: dict[str, Any] = {}  # the last answer to workspace/configuration
        self.settings = Settings()  # as they are at the root: the last good ones
        self._resolved: dict[tuple[Path | None, int], tuple[Settings, Coach]] = {}
        self._told: set[object] = set()
        self._request_ids = 0
        self.checked: dict[str, Checked] = {}
        self.checks_run = 0
        self._pending: dict[str, asyncio.Task[None]] = {}
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tonecoach")

    def report_server_error(self, error: Exception, source: Any) -> None:
        """A message the server could not read or a failed notification: logged for the
        editor's log (no pop-up for the operator); no text of the draft leaves DEBUG."""
        log.debug("server error from %s: %r", source, error)
        self.window_log_message(lsp.LogMessageParams(
            type=lsp.MessageType.Error,
            message=f"tonecoach: сообщение редактора не обработано ({type(error).__name__})"))

    @property
    def encoding(self) -> str:
        kind = self.workspace.position_encoding or lsp.PositionEncodingKind.Utf16
        return str(getattr(kind, "value", kind))

    def tell(self, message: str, kind: lsp.MessageType = lsp.MessageType.Error,
             once: object = None) -> None:
        """Show the operator a message (once per ``once`` key, when one is given)."""
        if once is not None:
            if once in self._told:
                return
            self._told.add(once)
        self.window_show_message(lsp.ShowMessageParams(type=kind, message=message))

    # --- settings -------------------------------------------------------------------
    def coach_for(self, rule_files: list[str]) -> Coach:
        """The coach with these company rule files (built once); SettingsError when one is
        missing, RuleDataError when one is malformed."""
        key = tuple(rule_files)
        missing = [f for f in rule_files if not Path(f).is_file()]
        if missing:
            raise SettingsError([f"нет файла правил {f}" for f in missing])
        if key not in self._coaches:
            self._coaches[key] = Coach(self.coach.config.model_copy(
                update={"rule_files": list(rule_files)}))
        return self._coaches[key]

    def _resolve(self, overrides: dict[str, Any], base: Config,
                 spelled: dict[str, str] | None = None) -> tuple[Settings, Coach]:
        """The editor's settings over ``base``, checked: every code names a rule.
        Raises SettingsError or RuleDataError."""
        settings = _rooted(parse_settings(overrides, base, self.coach.rules, spelled),
                           self.root)
        coach = self.coach_for(settings.config.rule_files)
        problems = code_problems(settings.config, coach.rules)
        if problems:
            raise SettingsError(problems)
        return settings, coach

    def apply_settings(self, raw: Any, pulled: bool = False) -> bool:
        """Lay new settings over the old (a ``pulled`` answer replaces the last one); on
        bad ones tell the operator in Russian and keep the old. True if taken."""
        try:
            incoming = normalize(raw)
            pushed = self.pushed if pulled else merge(self.pushed, incoming)
            pull = merge({}, incoming) if pulled else self.pulled
            settings, _ = self._resolve(merge(pushed, pull), self.files.near(self.root).config,
                                        spellings(raw))
        except (SettingsError, RuleDataError) as exc:
            why = str(exc) if isinstance(exc, SettingsError) else f"ошибка в файле правил: {exc}"
            self.tell(f"tonecoach: настройки не приняты — {sentence(why)} Действуют прежние.")
            return False
        self.pushed, self.pulled, self.settings = pushed, pull, settings
        self._resolved.clear()
        return True

    async def pull_settings(self) -> bool:
        """Ask the editor for its «tonecoach» settings (when it can answer). True if taken."""
        caps = self.client_capabilities.workspace
        if caps is None or not caps.configuration:
            return False
        item = lsp.ConfigurationItem(section="tonecoach",
                                     scope_uri=self.root.as_uri() if self.root else None)
        answer = await self.ask(lsp.WORKSPACE_CONFIGURATION,
                                lsp.ConfigurationParams(items=[item]))
        return bool(answer) and answer[0] is not None and self.apply_settings(answer[0], True)

    async def watch_config_files(self) -> None:
        """Ask the editor to say when a tonecoach.toml or pyproject.toml changes (when it can
        register watchers), so open documents are checked again with the new file."""
        caps = self.client_capabilities.workspace
        watched = caps.did_change_watched_files if caps is not None else None
        if watched is None or not watched.dynamic_registration:
            return
        options = lsp.DidChangeWatchedFilesRegistrationOptions(watchers=[
            lsp.FileSystemWatcher(glob_pattern=f"**/{name}")
            for name in ("tonecoach.toml", "pyproject.toml")])
        await self.ask(lsp.CLIENT_REGISTER_CAPABILITY, lsp.RegistrationParams(registrations=[
            lsp.Registration(id="tonecoach-config-files",
                             method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                             register_options=options)]))

    async def ask(self, method: str, params: Any) -> Any:
        """A request to the editor; None when it fails or does not answer in time."""
        self._request_ids += 1  # a number: Vim's LSP channel refuses pygls' string ids
        try:
            return await asyncio.wait_for(self.protocol.send_request_async(
                method, params, msg_id=self._request_ids), REQUEST_TIMEOUT)
        except Exception as exc:  # an editor that says it can answer but does not
            log.debug("%s failed: %r", method, exc)
            return None

    def resolve(self, uri: str) -> tuple[Settings, Coach]:
        """The settings and coach for one document: its own tonecoach.toml (found from its
        folder upwards) with the editor's settings over it."""
        try:
            found = self.files.near(_folder(uri) or self.root)
            key = (found.path, found.stamp)
            if key not in self._resolved:
                self._resolved[key] = self._resolve_found(found)
            return self._resolved[key]
        except Exception as exc:  # a bug here must not stop the checks
            log.error("tonecoach could not resolve the settings of %s: %r", uri, exc)
            return self.settings, self.coach

    def _resolve_found(self, found: Found) -> tuple[Settings, Coach]:
        problem = found.problem
        if problem is None:
            try:
                return self._resolve(merge(self.pushed, self.pulled), found.config)
            except (SettingsError, RuleDataError) as exc:
                problem = str(exc)
        self.tell(f"tonecoach: {found.path} не принят — {sentence(problem)} Проверяю без него.",
                  once=(found.path, found.stamp))
        try:
            return self._resolve(merge(self.pushed, self.pulled), Config())
        except (SettingsError, RuleDataError):
            return self.settings, self.coach

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

    def _check(self, uri: str, version: int | None, text: str,
               settings: Settings, coach: Coach) -> Checked | str:
        """Check one version; the reason (Russian) when the draft cannot be checked."""
        self.checks_run += 1
        try:
            report = coach.check(text, config=settings.config, context=settings.context)
        except TextTooLongError:
            return too_long(len(text), settings.config.max_text_length)
        except RulePatternTimeout as exc:
            return pattern_timeout(exc)
        return Checked.build(uri, version, report, self.encoding)

    def _keep(self, uri: str, result: Checked | str) -> Checked | None:
        """Remember a check; tell the user once why a document is not checked."""
        if isinstance(result, Checked):
            self.checked[uri] = result
            self._told.discard(("not checked", uri))
            return result
        self.checked.pop(uri, None)
        self.tell(f"tonecoach не проверяет этот текст: {result}", lsp.MessageType.Warning,
                  once=("not checked", uri))
        return None

    async def _check_later(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        doc = self.workspace.text_documents.get(uri)
        if doc is None:
            return
        version, text = doc.version, doc.source
        settings, coach = self.resolve(uri)
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(self._worker, self._check, uri, version, text,
                                                settings, coach)
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
        return self._keep(uri, self._check(uri, doc.version, doc.source, *self.resolve(uri)))

    def close(self, uri: str) -> None:
        task = self._pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.checked.pop(uri, None)
        self._told.discard(("not checked", uri))
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri,
                                                                             diagnostics=[]))


def _folder(uri: str) -> Path | None:
    """The folder of a document on disk (None for an unsaved buffer or another scheme)."""
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return Path(path).parent if path else None


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
    uri = params.root_uri or (params.workspace_folders[0].uri if params.workspace_folders
                              else None)
    root = to_fs_path(uri) if uri else None
    if root and Path(root).is_dir():
        ls.root = Path(root)
    ls.apply_settings(params.initialization_options)


@server.feature(lsp.INITIALIZED)
async def initialized(ls: ToneServer, params: lsp.InitializedParams) -> None:
    if await ls.pull_settings():
        ls.recheck_all()
    await ls.watch_config_files()


@server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: ToneServer, params: lsp.DidChangeWatchedFilesParams) -> None:
    """A config file changed: check the open documents again (each file is read again only
    if it is the one changed)."""
    ls.recheck_all()


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
async def did_change_configuration(ls: ToneServer,
                                   params: lsp.DidChangeConfigurationParams) -> None:
    """New settings pushed (laid over the old), or, with ``settings: null`` (VS Code's way),
    a sign to pull them with ``workspace/configuration``."""
    if params.settings is None:
        taken = await ls.pull_settings()
    else:
        taken = ls.apply_settings(params.settings)
    if taken:
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
    settings, coach = ls.resolve(params.text_document.uri)

    def fixer(text: str, categories: Collection[str] | None) -> FixResult:
        try:
            return coach.fix(text, config=settings.config, context=settings.context,
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
    return hover(checked, offset, ls.resolve(params.text_document.uri)[1].rules)


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
