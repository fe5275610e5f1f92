"""Rule families, one module each. A family is built once per Coach and called per draft."""

from __future__ import annotations

from typing import Any


def family_classes() -> dict[str, Any]:
    """Family name → class taking ``(rules, lexicons)``; imported on first use."""
    from tonecoach.checks.formality import Formality

    return {"formality": Formality}
