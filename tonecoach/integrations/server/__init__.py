"""``tonecoach serve``: an HTTP server that speaks LanguageTool's protocol (``/v2/check``,
``/v2/languages``) and a native JSON API (``/api/check``, ``/api/fix``, ``/api/rules``,
``/health``); needs the ``server`` extra (FastAPI on uvicorn).

>>> from tonecoach.integrations.server import create_app   # doctest: +SKIP
>>> app = create_app(api_key="secret")                      # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Limits", "create_app"]

if TYPE_CHECKING:
    from tonecoach.integrations.server.app import create_app
    from tonecoach.integrations.server.limits import Limits


def __getattr__(name: str) -> Any:
    """Import on first use: :class:`Limits` needs no web framework, the app does."""
    if name == "create_app":
        from tonecoach.integrations.server.app import create_app

        return create_app
    if name == "Limits":
        from tonecoach.integrations.server.limits import Limits

        return Limits
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
