"""Rule families, one module each. A family is built once per Coach and called per draft."""

from __future__ import annotations

from typing import Any


def family_classes() -> dict[str, Any]:
    """Family name → class taking ``(rules, lexicons by family)``; imported on first use.
    Families run in this order."""
    from tonecoach.checks.apology import Apology
    from tonecoach.checks.brevity import Brevity
    from tonecoach.checks.client_name import ClientNames
    from tonecoach.checks.empathy import Empathy
    from tonecoach.checks.etiquette import Etiquette
    from tonecoach.checks.formality import Formality

    return {"formality": Formality, "empathy": Empathy, "apology": Apology,
            "brevity": Brevity, "name": ClientNames, "etiquette": Etiquette}
