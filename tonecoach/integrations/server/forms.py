"""The parameters of a LanguageTool request: the query string, then the body —
form-encoded, multipart, or what LibreOffice 7.4 sends.

LibreOffice 7.4 posts ``text=<the paragraph>&language=ru-RU`` (then ``&username=…&apiKey=…``
when set) without URL-encoding the text: decoded as a form, an ``&`` in the text would cut
it and a ``+`` would turn into a space. A body that cannot be a URL-encoded form (it holds
raw non-ASCII bytes, spaces, line breaks, quotes or a ``%`` that starts no escape) is read
as such a raw body instead: it is split only before ``&`` + a known parameter name + ``=``,
the text is taken as it is (no ``+`` → space, no ``%xx``), and when the body starts with
``text=`` the text runs up to the trailing run of short ``&key=value`` parameters — so an
``&``, ``+``, ``%`` or even ``&language=`` inside the text survives. What cannot be
recovered: an ASCII-only raw text with no space, quote or stray ``%`` is indistinguishable
from an encoded one and is decoded as a form.
"""

from __future__ import annotations

import asyncio
import re
from urllib.parse import parse_qsl, unquote

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
_LOOSE = re.compile(rb"[\s&]")  # what a short parameter's value never holds
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
    """An unencoded body: split before each ``&`` + known name + ``=``; when it starts with
    ``text=``, the text runs up to the trailing run of short parameters (no space, no
    ``&`` in their values) — one pass, whatever the body holds."""
    marks = list(_BOUNDARY.finditer(body))
    ends = [m.start() for m in marks[1:]] + [len(body)]
    segments = [(m[1].decode(), m.end(), end) for m, end in zip(marks, ends, strict=True)]
    first = 1 if body.startswith(b"text=") else 0
    tail = len(segments)
    while tail > first and not _LOOSE.search(body, segments[tail - 1][1], segments[tail - 1][2]):
        tail -= 1
    params = {key: _value(key, body[start:end]) for key, start, end in segments[tail:]}
    if first:
        params["text"] = _utf8(body[segments[0][1]:marks[tail].start() if tail < len(marks)
                                    else len(body)])
    else:
        params.update({key: _value(key, body[start:end])
                       for key, start, end in segments[:tail]})
    return params


def _value(key: str, value: bytes) -> str:
    """A raw value; other than the text and the annotated data, percent-decoded when it
    holds escapes (LibreOffice encodes the user name)."""
    text = _utf8(value)
    return text if key in ("text", "data") or "%" not in text else unquote(text)


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
