"""The parameters of a LanguageTool request: the query string, then the body —
form-encoded, multipart, or what LibreOffice 7.4 sends.

LibreOffice 7.4 posts ``text=<the paragraph>&language=ru-RU``, then
``&username=<name>&apiKey=<key>`` when both are set, and URL-encodes none of it. A body that
cannot be a URL-encoded form (raw non-ASCII bytes, spaces, line breaks, quotes, or a ``%``
that starts no escape) is read as such a raw body: no value in it is decoded (no ``+`` →
space, no ``%xx``), and one that starts with ``text=`` is read from the right, as
LibreOffice builds it. The key is what follows the last ``&apiKey=`` (unless no
``&language=`` precedes it and one follows it: then it is the text's); the user name lies
between the last ``&username=`` before the key and the key; the language follows the last
``&language=`` before those (short ``&name=value`` parameters a hand-written body adds
after it are split off); the text is everything between ``text=`` and that ``&language=``.
So ``&``, ``+``, ``%`` and ``=`` survive in the text, the name and the key, as do an
``&language=``, ``&username=`` or ``&apiKey=`` in the text, an ``&language=`` in the name
and an ``&language=`` or ``&username=`` in the key. Any other raw body is split before
each ``&`` + known parameter name + ``=``.

Not recoverable: an ``&apiKey=`` in the name or the key, an ``&username=`` in the name; and
a raw body that is ASCII-only with no space, quote or stray ``%`` anywhere, which cannot be
told from an encoded one and is decoded as a form.
"""

from __future__ import annotations

import asyncio
import re
from urllib.parse import parse_qsl

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request

from tonecoach.integrations.server.errors import RequestError

# every parameter LanguageTool's /v2/check knows, and the tone context this server adds
KNOWN_KEYS = (
    "text", "data", "language", "motherTongue", "preferredVariants", "enabledRules",
    "disabledRules", "enabledCategories", "disabledCategories", "enabledOnly", "level",
    "username", "apiKey", "tokenizeOnly", "mode", "allowIncompleteResults", "useragent",
    "noopLanguages", "altLanguages", "textSessionId", "ruleValues",
    "clientName", "clientMessage", "firstReply", "channel", "sentAt",
)
FORM = "application/x-www-form-urlencoded"
PARSE_IN_THREAD = 64 * 1024
MULTIPART = "multipart/form-data"
_KEYS = "|".join(KNOWN_KEYS)
_BOUNDARY = re.compile(rf"(?:^|&)({_KEYS})=".encode())
# what an encoder may leave unescaped in a form body (RFC 3986 unreserved, JS's
# encodeURIComponent's !'()*, and the separators)
_FORM_SAFE = (b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
              b"-._~!'()*+=&,;:/?@$%")
_STRAY_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")
_ESCAPES = re.compile(rb"(?:%[0-9A-Fa-f]{2})+")


async def read_params(request: Request) -> dict[str, str]:
    """The request's parameters: the query string's, overridden by the body's."""
    params = dict(parse_qsl(request.url.query, keep_blank_values=True))
    if request.method != "POST":
        return params
    kind = request.headers.get("content-type", FORM).split(";")[0].strip().lower()
    if kind == MULTIPART:
        params.update(await _multipart(request))
    elif kind in (FORM, ""):
        body = await request.body()
        if len(body) > PARSE_IN_THREAD:  # a long body parses in ~0.1 s per MB: off the loop
            params.update(await asyncio.to_thread(parse_body, body))
        else:
            params.update(parse_body(body))
    else:
        raise RequestError(415, f"тип содержимого {kind} не поддерживается: отправьте "
                           f"параметры как {FORM} или {MULTIPART}.")
    return params


def parse_body(body: bytes) -> dict[str, str]:
    """A form body, URL-encoded or raw (see the module's docstring)."""
    if not body.translate(None, _FORM_SAFE) and not _STRAY_PERCENT.search(body):
        return _decoded(body)
    return _raw(body)


def _decoded(body: bytes) -> dict[str, str]:
    """A URL-encoded form (``parse_qsl``'s result, several times faster on Cyrillic: each
    run of ``%xx`` escapes is decoded at once)."""
    params: dict[str, str] = {}
    for pair in body.split(b"&"):
        if pair:
            key, _, value = pair.partition(b"=")
            params[_unquote_plus(key)] = _unquote_plus(value)
    return params


def _unquote_plus(value: bytes) -> str:
    value = value.replace(b"+", b" ")
    if b"%" in value:
        value = _ESCAPES.sub(lambda m: bytes.fromhex(m[0].replace(b"%", b"").decode()), value)
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise RequestError(400, "параметры запроса не в UTF-8.") from None


def _raw(body: bytes) -> dict[str, str]:
    """An unencoded body, its values as sent (see the module's docstring); a few searches
    from the right and one split, linear whatever the body holds."""
    if not body.startswith(b"text="):
        return _split(body, 0, len(body))
    tail: dict[str, str] = {}
    end = len(body)
    key = body.rfind(b"&apiKey=", 5)
    if key >= 0 and body.find(b"&language=", 5, key) < 0 <= body.find(b"&language=", key):
        key = -1  # LibreOffice sends the language before the key: this one is the text's
    if key >= 0:  # LibreOffice sends a user name before the key
        tail["apiKey"] = _utf8(body[key + len(b"&apiKey="):])
        end = key
        user = body.rfind(b"&username=", 5, end)
        if user >= 0:
            tail["username"] = _utf8(body[user + len(b"&username="):end])
            end = user
    params: dict[str, str] = {}
    language = body.rfind(b"&language=", 5, end)
    if language >= 0:
        # a language code holds no "&": one followed by a known name starts another
        # parameter (a hand-written body: LibreOffice puts nothing between them)
        start = language + len(b"&language=")
        after = _BOUNDARY.search(body, start, end)
        params.update(_split(body, after.start(), end) if after else {})
        tail["language"] = _utf8(body[start:after.start() if after else end])
        end = language
    params.update(tail)
    params["text"] = _utf8(body[len(b"text="):end])
    return params


def _split(body: bytes, start: int, end: int) -> dict[str, str]:
    """``body[start:end]`` split before each ``&`` + known name + ``=``."""
    marks = list(_BOUNDARY.finditer(body, start, end))
    ends = [m.start() for m in marks[1:]] + [end]
    return {m[1].decode(): _utf8(body[m.end():stop]) for m, stop in zip(marks, ends, strict=True)}


def _utf8(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise RequestError(400, "текст запроса не в UTF-8.") from None


async def _multipart(request: Request) -> dict[str, str]:
    try:
        form = await request.form(max_files=8, max_fields=64)
    except (MultiPartException, HTTPException) as exc:  # Starlette wraps the first
        reason = getattr(exc, "detail", None) or getattr(exc, "message", None) or exc
        raise RequestError(400, f"не удалось разобрать multipart/form-data: {reason}") from None
    params: dict[str, str] = {}
    try:
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                params[key] = _utf8(await value.read())
            else:
                params[key] = value
    finally:
        await form.close()
    return params
