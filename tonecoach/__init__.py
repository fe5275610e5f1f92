"""tonecoach — coaches support operators on the tone of a reply before they send it.

>>> import tonecoach
>>> report = tonecoach.check("Напиши нам, если что-то пойдёт не так.")
>>> [s.code for s in report.suggestions]
['TC101']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "ClientSignals",
    "Coach",
    "Config",
    "ConfigError",
    "Context",
    "Metrics",
    "Report",
    "RuleDataError",
    "RulePatternTimeout",
    "Suggestion",
    "TextTooLongError",
    "__version__",
    "apply_fixes",
    "check",
    "check_many",
]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from tonecoach.coach import Coach, check
    from tonecoach.errors import (
        ConfigError,
        RuleDataError,
        RulePatternTimeout,
        TextTooLongError,
    )
    from tonecoach.fixes import apply_fixes
    from tonecoach.integrations.batch import check_many
    from tonecoach.models import ClientSignals, Config, Context, Metrics, Report, Suggestion

_LAZY = {
    "Coach": "tonecoach.coach",
    "TextTooLongError": "tonecoach.errors",
    "ConfigError": "tonecoach.errors",
    "RuleDataError": "tonecoach.errors",
    "RulePatternTimeout": "tonecoach.errors",
    "check": "tonecoach.coach",
    "check_many": "tonecoach.integrations.batch",
    "apply_fixes": "tonecoach.fixes",
    "Config": "tonecoach.models",
    "Context": "tonecoach.models",
    "Report": "tonecoach.models",
    "Suggestion": "tonecoach.models",
    "Metrics": "tonecoach.models",
    "ClientSignals": "tonecoach.models",
}


def __getattr__(name: str) -> Any:
    """Import public names on first use, so ``import tonecoach`` stays light."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tonecoach' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
