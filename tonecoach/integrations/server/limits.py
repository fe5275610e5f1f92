"""What one client may ask of the server: request size, text length, time, and how many
checks may be in flight (enforced by :mod:`~tonecoach.integrations.server.pool` and
:mod:`~tonecoach.integrations.server.body`). No web framework here, so the command line
shows the defaults without the ``server`` extra."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Limits(BaseModel):
    """The server's limits; the defaults suit support replies and LibreOffice paragraphs
    (LibreOffice gives up on a request after 10 s, so the time limit stays below)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_body_bytes: int = Field(default=2 * 1024 * 1024, gt=0,
                                description="A larger request body gets 413.")
    max_text_chars: int = Field(default=100_000, gt=0,
                                description="A longer text (or client message) gets 413.")
    timeout: float = Field(default=8.0, gt=0,
                           description="Seconds a check may take, waiting included; then 503.")
    max_pending: int = Field(default=64, gt=0,
                             description="Checks admitted at once; one more gets 503.")
    threads: int = Field(default=2, gt=0, description="Threads that run checks.")
    read_timeout: float = Field(default=10.0, gt=0,
                                description="Seconds to receive a request's headers or body.")
    max_connections: int = Field(default=1000, gt=0,
                                 description="Open connections; one more gets 503 (uvicorn).")
