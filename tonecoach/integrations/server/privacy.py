"""What the server logs: never a draft or a client's message above DEBUG.

uvicorn's access log writes each request's path with its query string at INFO, and a GET
``/v2/check?text=…`` carries the draft there: the query string is cut from access-log
records. The server's own messages name an error's type, never the text.
"""

from __future__ import annotations

import logging
from typing import Any

ACCESS_LOGGER = "uvicorn.access"


class NoQueryString(logging.Filter):
    """Drops the query string from uvicorn's access-log records
    (``client, method, path?query, http version, status``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            path, mark, _query = args[2].partition("?")
            if mark:
                record.args = (*args[:2], f"{path}?…", *args[3:])
        return True


def log_config(level: str = "info") -> dict[str, Any]:
    """uvicorn's logging config with :class:`NoQueryString` on the access log."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = {**LOGGING_CONFIG}
    config["filters"] = {"no_query": {"()": f"{__name__}.NoQueryString"}}
    config["loggers"] = {name: {**logger} for name, logger in LOGGING_CONFIG["loggers"].items()}
    config["loggers"][ACCESS_LOGGER]["filters"] = ["no_query"]
    config["loggers"]["tonecoach"] = {"handlers": ["default"], "level": level.upper(),
                                      "propagate": False}
    return config


def quiet_access_log() -> None:
    """Put :class:`NoQueryString` on the access logger itself (an app run by another
    uvicorn command line, or in a test)."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, NoQueryString) for f in logger.filters):
        logger.addFilter(NoQueryString())
