"""How the server says no: plain text ``Error: …`` on LanguageTool's paths (as
LanguageTool's own server answers, and what its clients show), JSON ``{"detail": …}``
elsewhere (as FastAPI answers)."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import JSONResponse, PlainTextResponse, Response

from tonecoach.integrations.wording import number

LT_PREFIX = "/v2/"
RETRY_AFTER = {"Retry-After": "1"}


class RequestError(Exception):
    """A request the server refuses: an HTTP status and a message for a person."""

    def __init__(self, status: int, message: str,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def error_response(path: str, status: int, message: str,
                   headers: Mapping[str, str] | None = None) -> Response:
    """The refusal in the shape the path's clients read."""
    if path.startswith(LT_PREFIX):
        return PlainTextResponse(f"Error: {message}", status_code=status,
                                 headers=dict(headers or {}))
    return JSONResponse({"detail": message}, status_code=status, headers=dict(headers or {}))


def from_error(path: str, exc: RequestError) -> Response:
    """The response for a :class:`RequestError`."""
    return error_response(path, exc.status, exc.message, exc.headers)


def too_long(what: str, size: int, limit: int, unit: str = "символов") -> RequestError:
    """413 for text (or a body) over its limit."""
    return RequestError(413, f"{what} длиннее предела: {number(size)} {unit} при "
                        f"пределе {number(limit)}. Отправьте текст короче.")
