"""Running the app under uvicorn: one process, or ``workers`` processes sharing the port.

Each worker builds its own app from the settings handed over as JSON in an environment
variable (uvicorn starts workers from an import string). uvicorn's graceful shutdown
(SIGINT, SIGTERM) lets the checks in flight finish, up to the time limit of one check.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from typing import Any

import uvicorn

from tonecoach import Coach, Config
from tonecoach.integrations.server.app import SETTINGS_ENV, create_app, settings_json
from tonecoach.integrations.server.limits import Limits
from tonecoach.integrations.server.privacy import log_config
from tonecoach.integrations.server.protocol import HeaderDeadline

FACTORY = "tonecoach.integrations.server.app:app_from_env"
LOOPBACK = ("127.0.0.1", "::1", "localhost")


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine."""
    return host in LOOPBACK or host.startswith("127.")


def uvicorn_options(host: str, port: int, limits: Limits,
                    log_level: str = "info") -> dict[str, Any]:
    """What every run passes to uvicorn."""
    return {"host": host, "port": port, "http": HeaderDeadline,
            "log_config": log_config(log_level), "log_level": log_level,
            "limit_concurrency": limits.max_connections, "timeout_keep_alive": 5,
            "timeout_graceful_shutdown": math.ceil(limits.timeout) + 2,
            "server_header": False}


def serve(config: Config, *, host: str = "127.0.0.1", port: int = 8081, workers: int = 1,
          api_key: str | None = None, allow_origins: Sequence[str] = (),
          limits: Limits | None = None, coach: Coach | None = None,
          log_level: str = "info") -> None:
    """Serve until SIGINT or SIGTERM. ``coach`` (one process only) reuses a coach built
    already; workers build their own from ``config``."""
    limits = limits if limits is not None else Limits()
    options = uvicorn_options(host, port, limits, log_level)
    if workers > 1:
        os.environ[SETTINGS_ENV] = settings_json(config, api_key=api_key,
                                                 allow_origins=allow_origins, limits=limits)
        uvicorn.run(FACTORY, factory=True, workers=workers, **options)
        return
    app = create_app(config, api_key=api_key, allow_origins=allow_origins, limits=limits,
                     coach=coach)
    uvicorn.run(app, **options)
