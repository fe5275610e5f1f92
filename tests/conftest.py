"""Shared fixtures: one Coach for the whole session (rule data loads once)."""

from __future__ import annotations

import pytest

import tonecoach


@pytest.fixture(scope="session")
def coach() -> tonecoach.Coach:
    return tonecoach.Coach()


def codes(report: tonecoach.Report, prefix: str = "TC") -> list[str]:
    """Codes of a report's suggestions that start with ``prefix``."""
    return [s.code for s in report.suggestions if s.code.startswith(prefix)]
