"""A bare JSON-RPC client over a real `tonecoach lsp` process, for what a well-behaved
client library will not send: broken frames, unknown methods, bursts."""

from __future__ import annotations

import json
import queue
import re
import subprocess
import sys
import threading
from typing import Any

TIMEOUT = 30.0


class WireClient:
    """Starts the server; sends raw bytes or messages; collects what comes back."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tonecoach", "lsp"], env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            if length is None:
                continue
            self.inbox.put(json.loads(out.read(length)))

    def _drain_stderr(self) -> None:
        assert self.proc.stderr is not None
        for _ in self.proc.stderr:
            pass

    def send_raw(self, body: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self.send_raw(json.dumps({"jsonrpc": "2.0", "method": method, "params": params},
                                 ensure_ascii=False).encode("utf-8"))

    def respond(self, request: dict[str, Any], result: Any) -> None:
        """Answer a request the server sent (``workspace/configuration``, …)."""
        self.send_raw(json.dumps({"jsonrpc": "2.0", "id": request["id"], "result": result},
                                 ensure_ascii=False).encode("utf-8"))

    def request(self, method: str, params: Any) -> dict[str, Any]:
        """Send a request and wait for its response (other messages are kept aside)."""
        self._next_id += 1
        rid = self._next_id
        self.send_raw(json.dumps({"jsonrpc": "2.0", "id": rid, "method": method,
                                  "params": params}, ensure_ascii=False).encode("utf-8"))
        return self.wait(lambda m: m.get("id") == rid and "method" not in m)

    def wait(self, predicate: Any) -> dict[str, Any]:
        kept = []
        try:
            while True:
                msg = self.inbox.get(timeout=TIMEOUT)
                if predicate(msg):
                    return msg
                kept.append(msg)
        finally:
            for msg in kept:
                self.inbox.put(msg)

    def diagnostics(self, uri: str, version: int) -> dict[str, Any]:
        """Wait for the diagnostics of one version of a document, dropping older ones."""
        while True:
            msg = self.inbox.get(timeout=TIMEOUT)
            if (msg.get("method") == "textDocument/publishDiagnostics"
                    and msg["params"]["uri"] == uri and msg["params"].get("version") == version):
                return dict(msg["params"])

    def rss_kb(self) -> int:
        with open(f"/proc/{self.proc.pid}/status", encoding="ascii") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.request("shutdown", None)
                self.notify("exit", None)
                self.proc.wait(timeout=10)
            except Exception:
                self.proc.kill()
                self.proc.wait()


_ALLOWED = {"tonecoach", "toml", "TOML", "true", "false", "null", "patterns", "rules",
            "max_text_length"}


def english_words(message: str) -> list[str]:
    """Latin words in a message that are not a setting's key, a code, a path or a quoted
    value: what should have been said in Russian."""
    from tonecoach.integrations.lsp.messages import snake_to_camel
    from tonecoach.integrations.lsp.settings import KNOWN_KEYS

    allowed = _ALLOWED | set(KNOWN_KEYS) | {snake_to_camel(k) for k in KNOWN_KEYS}
    text = re.sub(r"«[^»]*»|'[^']*'|\S*[/\\]\S*|\([A-Za-z]+Error\)", " ", message)
    words = re.findall(r"[A-Za-z_]+(?:\.[A-Za-z_]+)*", text)
    return [w for w in words if len(w) > 2 and w not in allowed and not re.fullmatch(
        r"TC\d*", w) and w.split(".")[0] not in allowed]
