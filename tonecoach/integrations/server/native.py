"""The native JSON API: ``POST /api/check`` → a ``Report``, ``POST /api/fix`` → a
``FixResult``, ``GET /api/rules``, ``GET /health``. Offsets here are Python characters
(code points) into the text sent, as in the Python API — not UTF-16 as on ``/v2``."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request

from tonecoach import Context, Report, __version__
from tonecoach.integrations.server.access import require_key
from tonecoach.integrations.server.errors import RequestError
from tonecoach.integrations.server.service import service_of
from tonecoach.models import Category, FixResult, Severity

EXAMPLE: dict[str, Any] = {"text": "Привет! Ты где? 👍 Напиши мне.",
           "context": {"client_name": "Ольга", "client_message": "Где мой заказ?!"}}


class ErrorDetail(BaseModel):
    detail: str = Field(description="What is wrong, in Russian.")


_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorDetail, "description": what}
    for code, what in ((401, "no or wrong API key"), (408, "the request did not arrive in time"),
                       (413, "text or request too long"), (415, "not JSON"),
                       (422, "bad request or config override"),
                       (503, "busy, or the check took too long (Retry-After)"))}


class CheckRequest(BaseModel):
    """A draft, what is known about the conversation, and settings for this check."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE]})

    text: str = Field(description="The draft.")
    context: Context = Field(default_factory=Context,
                             description="The client's name and message, channel, "
                             "first reply, time of sending.")
    config: dict[str, Any] = Field(
        default_factory=dict,
        description="Settings laid over the server's for this request: any tonecoach.toml "
        "key (select, ignore, address, emoji, …) but rule_files and max_text_length.")


class FixRequest(CheckRequest):
    """A draft to fix, and which categories' fixes to apply (all by default)."""

    categories: list[Category] | None = Field(default=None,
                                              description="Only these categories' fixes.")


class RuleInfo(BaseModel):
    """One rule as this server applies it."""

    code: str
    name: str
    category: Category
    severity: Severity = Field(description="With the server's severity overrides.")
    summary: str
    explanation: str
    enabled: bool = Field(description="Whether the server's select/ignore let it run.")


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str
    checks_in_flight: int


async def json_only(request: Request) -> None:
    """415 for a body that is not JSON (a form posted here by mistake)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json" and not kind.endswith("+json"):
        raise RequestError(415, "тело запроса должно быть JSON (application/json).")


async def keyed(request: Request) -> None:
    """401 without the server's API key."""
    require_key(service_of(request).api_key, request)


router = APIRouter(prefix="/api", tags=["Native API"], responses=_ERRORS,
                   dependencies=[Depends(keyed)])
open_router = APIRouter(tags=["Native API"])


@router.post("/check", response_model=Report, dependencies=[Depends(json_only)])
async def check(body: CheckRequest, request: Request) -> Report:
    """Check a draft: suggestions (``start``/``end`` in characters, ``category``,
    ``message``, ``replacements``), the client's ``signals`` and the draft's ``metrics``."""
    service = service_of(request)
    return await service.check(body.text, body.context, service.config_with(body.config))


@router.post("/fix", response_model=FixResult, dependencies=[Depends(json_only)])
async def fix(body: FixRequest, request: Request) -> FixResult:
    """Apply every fix, re-check and apply again until stable: the fixed ``text``, each
    fix ``applied`` and the ``advice`` left (offsets into the fixed text)."""
    service = service_of(request)
    return await service.fix(body.text, body.context, service.config_with(body.config),
                             body.categories)


@router.get("/rules", response_model=list[RuleInfo])
async def rules(request: Request) -> list[RuleInfo]:
    """Every rule the server's coach has, company rules included."""
    coach = service_of(request).coach
    config = coach.config
    return [RuleInfo(code=r.code, name=r.name, category=r.category,
                     severity=config.severity.get(r.code, r.severity), summary=r.summary,
                     explanation=r.explanation.strip(), enabled=config.is_enabled(r.code))
            for r in coach.rules.values()]


@open_router.get("/health", response_model=Health, tags=["Native API"])
async def health(request: Request) -> Health:
    """Alive; the version and the checks in flight. Needs no key."""
    return Health(version=__version__, checks_in_flight=service_of(request).pool.pending)
