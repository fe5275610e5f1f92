"""The language server's settings: a :class:`~tonecoach.Config` plus what an editor knows
about the conversation (client name, client message), from ``initializationOptions`` or
``workspace/didChangeConfiguration``.

Keys are those of ``tonecoach.toml`` (``select``, ``ignore``, ``emoji``, …) plus
``client_name``, ``client_message``, ``first_reply`` and ``debounce_ms``; camelCase spellings
(``clientName``) are accepted too, as editors' settings use them. Settings may be nested under
a ``tonecoach`` key.
"""

from __future__ import annotations

from typing import Any

import regex
from pydantic import BaseModel, ConfigDict, Field

from tonecoach.models import Config, Context

_CAMEL = regex.compile(r"(?<=[a-z0-9])([A-Z])")
_CONTEXT_KEYS = ("client_name", "client_message", "first_reply")


class Settings(BaseModel):
    """Everything the server checks with."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    config: Config = Field(default_factory=Config)
    context: Context = Field(default_factory=Context)
    debounce_ms: int = Field(default=250, ge=0, le=10_000,
                             description="Quiet time after a change before checking.")


def _snake(key: str) -> str:
    return _CAMEL.sub(lambda m: "_" + m.group(1).lower(), key)


def parse_settings(raw: Any, base: Config | None = None) -> Settings:
    """Settings from an editor's JSON (``None`` or ``{}`` gives the defaults).

    Keys not given keep ``base``'s values (the workspace's ``tonecoach.toml``).
    Raises ``pydantic.ValidationError`` or ``TypeError`` on bad settings.
    """
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise TypeError(f"tonecoach settings must be an object, got {type(raw).__name__}")
    if isinstance(raw.get("tonecoach"), dict):
        raw = raw["tonecoach"]
    data = {_snake(str(k)): v for k, v in raw.items() if v is not None}
    context = {k: data.pop(k) for k in _CONTEXT_KEYS if k in data}
    debounce = data.pop("debounce_ms", None)
    config = Config.model_validate({**(base or Config()).model_dump(), **data})
    fields: dict[str, Any] = {"config": config, "context": Context.model_validate(context)}
    if debounce is not None:
        fields["debounce_ms"] = debounce
    return Settings.model_validate(fields)
