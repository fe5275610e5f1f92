"""Who may ask: an optional API key, and which browser origins may call from a page.

The key is taken from ``Authorization: Bearer KEY``, ``X-API-Key: KEY`` or, on
LanguageTool's ``/v2/check``, the ``apiKey`` parameter (what LibreOffice, the browser
add-on and Obsidian send from their «API key» field). ``/health``, ``/v2/languages``, the
playground page and the OpenAPI pages need no key: they hold no draft.
"""

from __future__ import annotations

import hmac
from collections.abc import Sequence

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request

from tonecoach.integrations.server.errors import RequestError

ENV_KEY = "TONECOACH_API_KEY"
KEY_HEADERS = ("Authorization", "X-API-Key", "Content-Type")


def presented_key(request: Request, form_key: str | None = None) -> bytes | None:
    """The key the request carries, if any, as bytes (a header's bytes as sent: UTF-8
    keys work in headers too)."""
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip().encode("latin-1")
    header = request.headers.get("x-api-key")
    if header:
        return header.encode("latin-1")
    return form_key.encode() if form_key else None


def require_key(expected: str | None, request: Request, form_key: str | None = None) -> None:
    """401 unless the server has no key or the request carries it."""
    if expected is None:
        return
    given = presented_key(request, form_key)
    if given is None or not hmac.compare_digest(given, expected.encode()):
        raise RequestError(401, "нужен ключ API: заголовок «Authorization: Bearer КЛЮЧ» или "
                           "«X-API-Key: КЛЮЧ», для LanguageTool — параметр apiKey.",
                           {"WWW-Authenticate": "Bearer"})


def cors(allow_origins: Sequence[str]) -> list[Middleware]:
    """CORS for the listed origins (``*`` for any); none without a list."""
    if not allow_origins:
        return []
    return [Middleware(CORSMiddleware, allow_origins=list(allow_origins),
                       allow_methods=["GET", "POST", "OPTIONS"],
                       allow_headers=list(KEY_HEADERS), max_age=600)]
