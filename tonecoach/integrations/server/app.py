"""The app: LanguageTool's ``/v2``, the native ``/api``, ``/health``, the OpenAPI pages
(``/docs``, ``/redoc``, ``/openapi.json``) and the playground page at ``/`` (package data in
``static/``, when it is there).

The Swagger UI and ReDoc pages take their scripts, style sheet and icon from
``fastapi-offline``'s package data (under ``/static-offline-docs/``), not from a CDN: they
render with no network.

One :class:`~tonecoach.Coach` per app (per worker process), shared by the pool's threads —
a coach holds no per-check state. The app keeps no state between requests either, so any
number of processes or machines can serve behind a load balancer.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, ConfigDict, Field
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.staticfiles import StaticFiles

from tonecoach import Coach, Config, __version__
from tonecoach.integrations.server import languagetool, native
from tonecoach.integrations.server.access import cors
from tonecoach.integrations.server.body import BodyLimit
from tonecoach.integrations.server.errors import RequestError, from_error
from tonecoach.integrations.server.limits import Limits
from tonecoach.integrations.server.pool import CheckPool
from tonecoach.integrations.server.privacy import quiet_access_log
from tonecoach.integrations.server.protocol import READ_TIMEOUT_STATE
from tonecoach.integrations.server.service import Service

STATIC = Path(__file__).parent / "static"
SETTINGS_ENV = "TONECOACH_SERVER_SETTINGS"
DESCRIPTION = """\
Tone coach for Russian customer-support replies, over HTTP.

* **LanguageTool protocol** (`/v2/check`, `/v2/languages`): point LibreOffice, the
  LanguageTool browser add-on, Obsidian, LTeX+ or `language_tool_python` at this server.
  Offsets are UTF-16 code units.
* **Native API** (`/api/check`, `/api/fix`, `/api/rules`, `/health`): JSON in, the
  `Report` / `FixResult` of the Python API out. Offsets are characters (code points).

With an API key, send `Authorization: Bearer KEY` or `X-API-Key: KEY` (or `apiKey` on
`/v2/check`)."""


class ServerSettings(BaseModel):
    """Everything an app is built from, as JSON: how ``--workers`` hands it to each
    worker process (in the ``TONECOACH_SERVER_SETTINGS`` environment variable)."""

    model_config = ConfigDict(extra="forbid")

    config: dict[str, Any] = Field(default_factory=dict)
    api_key: str | None = None
    allow_origins: list[str] = Field(default_factory=list)
    limits: Limits = Field(default_factory=Limits)


def create_app(config: Config | None = None, *, api_key: str | None = None,
               allow_origins: Sequence[str] = (), limits: Limits | None = None,
               coach: Coach | None = None) -> FastAPI:
    """The server's ASGI app (run it with uvicorn, or ``tonecoach serve``).

    ``coach`` reuses a coach already built (its config then wins over ``config``);
    ``api_key`` (None: no key) guards every endpoint that reads a draft; ``allow_origins``
    lists the browser origins allowed by CORS (``*`` for any).
    """
    limits = limits if limits is not None else Limits()
    service = Service(coach if coach is not None else Coach(config), CheckPool(limits),
                      limits, api_key or None)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[dict[str, Any]]:
        service.pool.start()
        service.warm_up()
        yield {READ_TIMEOUT_STATE: limits.read_timeout}
        service.pool.close()

    app = FastAPIOffline(title="tonecoach", version=__version__, description=DESCRIPTION,
                         lifespan=lifespan,
                         middleware=[*cors(allow_origins), Middleware(BodyLimit, limits=limits)])
    app.state.tonecoach = service
    app.include_router(languagetool.router)
    app.include_router(native.router)
    app.include_router(native.open_router)
    app.add_exception_handler(RequestError, _refuse)  # type: ignore[arg-type]
    _mount_playground(app)
    quiet_access_log()
    return app


async def _refuse(request: Request, exc: RequestError) -> Response:
    return from_error(request.url.path, exc)


def _mount_playground(app: FastAPI) -> None:
    """The playground at ``/`` (``index.html``) with its files beside it, also under
    ``/static/``; nothing (``/`` is 404) until the page is there."""
    if (STATIC / "index.html").is_file():
        app.mount("/static", StaticFiles(directory=STATIC), name="static")
        app.mount("/", StaticFiles(directory=STATIC, html=True), name="playground")


def settings_json(config: Config, *, api_key: str | None, allow_origins: Sequence[str],
                  limits: Limits) -> str:
    """The settings of :func:`app_from_env`, as JSON."""
    return ServerSettings(config=config.model_dump(mode="json"), api_key=api_key,
                          allow_origins=list(allow_origins), limits=limits).model_dump_json()


def app_from_env() -> FastAPI:
    """The app from ``TONECOACH_SERVER_SETTINGS`` (uvicorn's factory in each worker)."""
    settings = ServerSettings.model_validate_json(os.environ.get(SETTINGS_ENV, "{}"))
    return create_app(Config.model_validate(settings.config), api_key=settings.api_key,
                      allow_origins=settings.allow_origins, limits=settings.limits)
