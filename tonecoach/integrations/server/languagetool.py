"""LanguageTool's HTTP protocol: ``/v2/check`` and ``/v2/languages``, as LanguageTool's own
server answers them, so LibreOffice, the browser add-on, Obsidian, LTeX+ and libraries such
as ``language_tool_python`` and ``pylanguagetool`` need nothing but the server's URL.

Parameters (query string, form, multipart or LibreOffice's raw body — see
:mod:`~tonecoach.integrations.server.forms`): ``text`` or ``data`` (annotated), ``language``
(``ru``, ``ru-RU``, ``auto``; any other gets no matches), ``enabledRules``,
``disabledRules`` (codes or prefixes: ``TC101``, ``TC1``), ``enabledCategories``,
``disabledCategories`` (``FORMALITY`` … ``ETIQUETTE``, any case), ``enabledOnly``,
``level`` (``picky`` adds the info-level suggestions, which the default level leaves out
unless their rule or category is enabled by name), ``apiKey``; and the tone context:
``clientName``, ``clientMessage``, ``firstReply`` (true/false), ``channel``
(chat/email), ``sentAt`` (ISO 8601, the client's local time).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse

from tonecoach import Context, Suggestion, __version__
from tonecoach.integrations.server.access import require_key
from tonecoach.integrations.server.document import Document
from tonecoach.integrations.server.errors import RequestError
from tonecoach.integrations.server.forms import FORM, MULTIPART, read_params
from tonecoach.integrations.server.language import (
    RUSSIAN_CODE,
    RUSSIAN_NAME,
    Detected,
    detect,
    is_russian_code,
)
from tonecoach.integrations.server.lt_models import LTCheckResponse, LTLanguageInfo
from tonecoach.integrations.server.matches import category_id, to_matches
from tonecoach.integrations.server.service import Service, service_of

router = APIRouter(prefix="/v2", tags=["LanguageTool protocol"])
SOFTWARE = {"name": "tonecoach", "version": __version__, "buildDate": "", "apiVersion": 1,
            "premium": False, "status": ""}
LANGUAGES = [{"name": RUSSIAN_NAME, "code": "ru", "longCode": RUSSIAN_CODE}]
CONTEXT_FIELDS = {"clientName": "client_name", "clientMessage": "client_message",
                  "firstReply": "first_reply", "channel": "channel", "sentAt": "sent_at"}
_TRUE = ("true", "1", "yes", "on")
_FORM_FIELDS = {
    "text": "The text to check.",
    "data": 'Annotated text instead of text: {"annotation": [{"text": "…"}, '
            '{"markup": "<b>", "interpretAs": ""}]}.',
    "language": "ru, ru-RU or auto (any other language gets no matches).",
    "enabledRules": "Comma-separated codes or prefixes (TC101, TC1).",
    "disabledRules": "Comma-separated codes or prefixes.",
    "enabledCategories": "Comma-separated: FORMALITY, EMPATHY, APOLOGY, BREVITY, NAME, "
                         "ETIQUETTE.",
    "disabledCategories": "Comma-separated categories.",
    "enabledOnly": "true: only the enabled rules and categories.",
    "level": "picky: also the info-level suggestions.",
    "apiKey": "The server's API key, when it has one.",
    "clientName": "The client's name, as given.",
    "clientMessage": "What the client wrote.",
    "firstReply": "true for the first reply of a conversation.",
    "channel": "chat or email.",
    "sentAt": "When the reply is sent, client's local time (ISO 8601).",
}
_SCHEMA = {"type": "object",
           "properties": {k: {"type": "string", "description": v} for k, v in _FORM_FIELDS.items()}}
_OPENAPI = {"requestBody": {"content": {FORM: {"schema": _SCHEMA},
                                        MULTIPART: {"schema": _SCHEMA}}}}
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"description": what, "content": {"text/plain": {"example": f"Error: {what}"}}}
    for code, what in ((400, "bad parameters"), (401, "no or wrong API key"),
                       (408, "the request did not arrive in time"),
                       (413, "text or request too long"), (415, "unsupported content type"),
                       (503, "busy, or the check took too long (Retry-After)"))}


@dataclass(frozen=True)
class CheckRequest:
    """A ``/v2/check`` request, read."""

    document: Document
    language: str
    context: Context
    enabled_rules: frozenset[str] = frozenset()
    disabled_rules: frozenset[str] = frozenset()
    enabled_categories: frozenset[str] = frozenset()
    disabled_categories: frozenset[str] = frozenset()
    enabled_only: bool = False
    picky: bool = False

    def wanted(self, s: Suggestion) -> bool:
        """Whether the request's rule and category settings keep ``s``."""
        category = category_id(s.category)
        named = _names(s.code, self.enabled_rules) or category in self.enabled_categories
        if self.enabled_only:
            return named
        if _names(s.code, self.disabled_rules) or category in self.disabled_categories:
            return False
        return self.picky or s.severity != "info" or named


def _names(code: str, ids: frozenset[str]) -> bool:
    return any(code.startswith(i) for i in ids)


def _ids(value: str | None) -> frozenset[str]:
    return frozenset(i.strip().upper() for i in (value or "").split(",") if i.strip())


def parse_request(params: dict[str, str]) -> CheckRequest:
    """Read a request's parameters; 400 with the reason when they do not make sense."""
    if "data" in params and params["data"].strip():
        try:
            document = Document.annotated(params["data"])
        except ValueError as exc:
            raise RequestError(400, str(exc)) from None
    elif "text" in params:
        document = Document.plain(params["text"])
    else:
        raise RequestError(400, "нет параметра text или data.")
    request = CheckRequest(
        document=document,
        language=params.get("language", "").strip() or "auto",
        context=_context(params),
        enabled_rules=_ids(params.get("enabledRules")),
        disabled_rules=_ids(params.get("disabledRules")),
        enabled_categories=_ids(params.get("enabledCategories")),
        disabled_categories=_ids(params.get("disabledCategories")),
        enabled_only=params.get("enabledOnly", "").strip().lower() in _TRUE,
        picky=params.get("level", "").strip().lower() == "picky",
    )
    if request.enabled_only and not (request.enabled_rules or request.enabled_categories):
        raise RequestError(400, "enabledOnly=true требует enabledRules или enabledCategories.")
    return request


def _context(params: dict[str, str]) -> Context:
    values = {field: params[key] for key, field in CONTEXT_FIELDS.items()
              if params.get(key, "").strip()}
    if not values:
        return Context()
    try:
        return Context.model_validate(values)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = str(err["loc"][0]) if err["loc"] else ""
        key = next((k for k, f in CONTEXT_FIELDS.items() if f == field), field)
        raise RequestError(400, f"{key}: {err['msg']}") from None


def language_json(asked: str, detected: Detected) -> dict[str, Any]:
    """The response's ``language``: what was checked, and what was detected."""
    if asked.lower() == "auto":
        code, name = detected.code, detected.name
    elif is_russian_code(asked):
        code, name = RUSSIAN_CODE, RUSSIAN_NAME
    else:
        code, name = asked, asked
    return {"name": name, "code": code, "detectedLanguage": detected.as_json()}


async def check_request(service: Service, request: CheckRequest) -> dict[str, Any]:
    """Check a read request: the LanguageTool response as a dict."""
    doc = request.document
    service.fits("Текст", doc.text)
    detected = detect(doc.text)
    language = language_json(request.language, detected)
    matches: list[dict[str, Any]] = []
    if language["code"] == RUSSIAN_CODE and detected.russian and doc.text.strip():
        service.fits("Сообщение клиента", request.context.client_message)
        coach = service.coach

        def matches_of(text: str) -> list[dict[str, Any]]:  # in the pool: check and convert
            report = coach.check(text, context=request.context)
            kept = [s for s in report.suggestions if request.wanted(s)]
            return to_matches(doc, kept, coach.rules)

        matches = await service.run(matches_of, doc.text)
    return {"software": SOFTWARE, "warnings": {"incompleteResults": False},
            "language": language, "matches": matches}


@router.post("/check", response_model=LTCheckResponse, responses=_ERRORS,
             openapi_extra=_OPENAPI, summary="Check a text (LanguageTool protocol)")
async def check(request: Request) -> JSONResponse:
    """Check ``text`` (or annotated ``data``) and answer as LanguageTool does; offsets and
    lengths are UTF-16 code units into the whole document."""
    service = service_of(request)
    params = await read_params(request)
    require_key(service.api_key, request, params.get("apiKey"))
    return JSONResponse(await check_request(service, parse_request(params)))


@router.get("/check", response_model=LTCheckResponse, responses=_ERRORS,
            summary="Check a text given in the query string (LanguageTool protocol)")
async def check_query(request: Request) -> JSONResponse:
    """As ``POST /v2/check``, with the parameters in the query string (short texts)."""
    return await check(request)


@router.get("/languages", response_model=list[LTLanguageInfo],
            summary="Languages (LanguageTool protocol)")
async def languages() -> JSONResponse:
    """Russian only: LibreOffice uses the server for a language it lists by ``longCode``."""
    return JSONResponse(LANGUAGES)
