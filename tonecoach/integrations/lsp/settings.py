"""The language server's settings: a :class:`~tonecoach.Config` plus what an editor knows
about the conversation (client name, client message), from ``initializationOptions``,
``workspace/didChangeConfiguration`` or a ``workspace/configuration`` pull.

Keys are those of ``tonecoach.toml`` (``select``, ``ignore``, ``emoji``, …) plus
``client_name``, ``client_message``, ``first_reply`` and ``debounce_ms``; camelCase spellings
(``clientName``) are accepted too, as editors' settings use them. Settings may be nested under
a ``tonecoach`` key. ``null`` or an empty list (how Lua sends an empty table) where an object
is expected counts as an empty object.

A change carries only the keys it changes: :func:`merge` lays it over what was set before,
and a key set to ``null`` goes back to its default (the ``tonecoach.toml`` value, else the
built-in one). A per-channel object (``long_reply_words``) is laid over the file's channel by
channel.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tonecoach.integrations.lsp.messages import camel_to_snake, describe
from tonecoach.models import PER_CHANNEL, Config, Context

_CONTEXT_KEYS = ("client_name", "client_message", "first_reply")
_KINDS = {list: "список", str: "строка", int: "число", float: "число", bool: "true/false"}
_M = TypeVar("_M", bound=BaseModel)


class SettingsError(ValueError):
    """Settings that cannot be taken; the message is Russian and names every problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class Settings(BaseModel):
    """Everything the server checks with."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    config: Config = Field(default_factory=Config)
    context: Context = Field(default_factory=Context)
    debounce_ms: int = Field(default=250, ge=0, le=10_000,
                             description="Quiet time after a change before checking.")


# every key the server takes, with its field (for the allowed values and limits in messages)
FIELDS = {**Config.model_fields, **{k: Context.model_fields[k] for k in _CONTEXT_KEYS},
          "debounce_ms": Settings.model_fields["debounce_ms"]}
KNOWN_KEYS = tuple(FIELDS)


def _object(raw: Any, what: str) -> dict[str, Any]:
    if raw is None or (isinstance(raw, list) and not raw):
        return {}
    if not isinstance(raw, dict):
        kind = _KINDS.get(type(raw), type(raw).__name__)
        raise SettingsError([f"{what}: нужен объект {{…}}, а пришло: {kind}"])
    return raw


def normalize(raw: Any) -> dict[str, Any]:
    """An editor's settings as snake_case keys (``null`` values kept: they mean «reset»)."""
    data = _object(raw, "настройки")
    if "tonecoach" in data:
        data = _object(data["tonecoach"], "раздел tonecoach")
    return {camel_to_snake(str(k)): v for k, v in data.items()}


def spellings(raw: Any) -> dict[str, str]:
    """snake_case key → the key as the editor spelled it, for messages."""
    try:
        data = _object(raw, "")
        data = _object(data.get("tonecoach"), "") or data
    except SettingsError:
        return {}
    return {camel_to_snake(str(k)): str(k) for k in data}


def merge(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """``new`` laid over ``old``, key by key; a key set to ``None`` is dropped (reset)."""
    return {k: v for k, v in {**old, **new}.items() if v is not None}


def _valid(model: type[_M], data: Mapping[str, Any], problems: list[str],
           codes: Mapping[str, Any] | None, spelled: Mapping[str, str]) -> _M | None:
    """``model`` from ``data``, or ``None`` with its problems added to ``problems``."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems += describe(exc, data, FIELDS, codes, spelled)
        return None


def _over(base: Config, given: Mapping[str, Any]) -> dict[str, Any]:
    """The editor's config keys laid over ``base``'s values, as :meth:`Config.overlay` lays
    a config: a per-channel object (``long_reply_words``) channel by channel, so
    ``{"email": 300}`` keeps the file's chat limit; a channel set to ``null`` keeps it too."""
    data = base.model_dump()
    for key, value in given.items():
        was = data.get(key)
        if key in PER_CHANNEL and isinstance(value, dict) and isinstance(was, dict):
            value = {**was, **{c: v for c, v in value.items() if v is not None}}
        data[key] = value
    return data


def parse_settings(raw: Any, base: Config | None = None,
                   codes: Mapping[str, Any] | None = None,
                   spelled: Mapping[str, str] | None = None) -> Settings:
    """Settings from an editor's JSON (``None``, ``{}`` or ``[]`` give the defaults).

    Keys not given keep ``base``'s values (the document's ``tonecoach.toml``).
    Raises :class:`SettingsError` naming every problem; ``codes`` (the rule codes) make
    close-match hints for mistyped codes.
    """
    data = {k: v for k, v in normalize(raw).items() if v is not None}
    spelled = {**spellings(raw), **(spelled or {})}
    context = {k: data.pop(k) for k in _CONTEXT_KEYS if k in data}
    timing = {k: data.pop(k) for k in ("debounce_ms",) if k in data}
    problems: list[str] = []
    config = _valid(Config, _over(base or Config(), data), problems, codes, spelled)
    ctx = _valid(Context, context, problems, codes, spelled)
    settings = _valid(Settings, timing, problems, codes, spelled)
    if problems or config is None or ctx is None or settings is None:
        raise SettingsError(problems)
    return settings.model_copy(update={"config": config, "context": ctx})

