"""LibreOffice Writer, headless, as a LanguageTool client: run with the system Python that
has ``uno`` (Debian's python3-uno), not the project's venv.

    /usr/bin/python3 tests/lo_check.py --base-url http://127.0.0.1:8081/v2 TEXT [TEXT…]

A fresh user profile gets the remote LanguageTool settings exactly where Tools → Options →
Language Settings → LanguageTool Server keeps them (``registrymodifications.xcu``), then
``soffice --headless`` starts with that profile. For each TEXT a Writer document gets one
paragraph in Russian (ru-RU) and Writer's grammar checking iterator checks it, the way
automatic checking does: the grammar checker configured for the paragraph's language asks
the server. One JSON line per TEXT on stdout: the proofreader's name and the errors as
LibreOffice holds them (offsets in UTF-16 code units, comments, suggestions).

``--wait-for URL`` first checks the first TEXT before the server is up, then waits until
URL answers and checks every TEXT: what LibreOffice does with a server that was down when
it started.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import uno  # type: ignore[import-not-found]  # Debian's python3-uno
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.lang import Locale  # type: ignore[import-not-found]
from com.sun.star.text.TextMarkupType import PROOFREADING  # type: ignore[import-not-found]

SETTINGS = "/org.openoffice.Office.Linguistic/GrammarChecking/LanguageTool"
RUSSIAN = ("ru", "RU", "")


def profile_settings(base_url: str, username: str = "", api_key: str = "") -> str:
    """What the options page writes: «Enable LanguageTool», the base URL (ending in /v2),
    the username and API key (LibreOffice sends the key only with a username)."""
    items = [("BaseURL", escape(base_url)), ("IsEnabled", "true"),
             ("Username", escape(username)), ("ApiKey", escape(api_key))]
    props = "\n".join(
        f'<item oor:path="{SETTINGS}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>" for name, value in items)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
            f"{props}\n</oor:items>\n")


class Office:
    """``soffice --headless`` with its own profile, reached over a named pipe."""

    def __init__(self, base_url: str, username: str = "", api_key: str = "") -> None:
        self.home = Path(tempfile.mkdtemp(prefix="tonecoach-lo-"))
        (self.home / "user").mkdir()
        (self.home / "user" / "registrymodifications.xcu").write_text(
            profile_settings(base_url, username, api_key), "utf-8")
        self.pipe = f"tonecoach{os.getpid()}"
        self.process = subprocess.Popen(
            ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
             "--nolockcheck", f"-env:UserInstallation={self.home.as_uri()}",
             f"--accept=pipe,name={self.pipe};urp;"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)  # soffice is a script: its whole group goes at the end
        self.context = self._connect()
        self.smgr = self.context.ServiceManager
        self.desktop = self.smgr.createInstanceWithContext("com.sun.star.frame.Desktop",
                                                           self.context)

    def _connect(self, timeout: float = 60.0) -> Any:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + timeout
        while True:
            try:
                return resolver.resolve(
                    f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
            except Exception:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("soffice did not start") from None
                time.sleep(0.2)

    def check(self, text: str) -> dict[str, Any]:
        """One Writer paragraph in Russian, checked as automatic checking checks it."""
        hidden = PropertyValue()
        hidden.Name, hidden.Value = "Hidden", True
        doc = self.desktop.loadComponentFromURL("private:factory/swriter", "_blank", 0,
                                                (hidden,))
        try:
            body = doc.getText()
            cursor = body.createTextCursor()
            cursor.setPropertyValue("CharLocale", Locale(*RUSSIAN))
            body.insertString(cursor, text, False)
            paragraph = doc.getFlatParagraphIterator(PROOFREADING, True).getFirstPara()
            content = paragraph.getText()
            locale = paragraph.getLanguageOfText(0, 1)
            iterator = self.smgr.createInstanceWithContext(
                "com.sun.star.linguistic2.ProofreadingIterator", self.context)
            started = time.monotonic()
            result = iterator.checkSentenceAtPosition(doc, paragraph, content, locale, 0,
                                                      len(content.encode("utf-16-le")) // 2, 0)
            seconds = time.monotonic() - started
            checker = result.xProofreader.getImplementationName() if result.xProofreader else None
            return {
                "text": content, "locale": f"{locale.Language}-{locale.Country}",
                "proofreader": checker, "seconds": round(seconds, 3),
                "errors": [{"start": e.nErrorStart, "length": e.nErrorLength,
                            "short": e.aShortComment, "full": e.aFullComment,
                            "suggestions": list(e.aSuggestions), "rule": e.aRuleIdentifier}
                           for e in result.aErrors],
            }
        finally:
            doc.close(True)

    def close(self) -> None:
        with contextlib.suppress(Exception):  # a bridge already gone
            self.desktop.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        shutil.rmtree(self.home, ignore_errors=True)


def wait_for(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="LanguageTool base URL, …/v2")
    parser.add_argument("--username", default="", help="LanguageTool username")
    parser.add_argument("--api-key", default="", help="LanguageTool API key")
    parser.add_argument("--wait-for", help="check once before URL answers, then after")
    parser.add_argument("texts", nargs="+")
    args = parser.parse_args()
    office = Office(args.base_url, args.username, args.api_key)
    try:
        if args.wait_for:
            print(json.dumps({"phase": "server down", **office.check(args.texts[0])},
                             ensure_ascii=False), flush=True)
            wait_for(args.wait_for)
        for text in args.texts:
            print(json.dumps({"phase": "server up", **office.check(text)}, ensure_ascii=False),
                  flush=True)
    finally:
        office.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
