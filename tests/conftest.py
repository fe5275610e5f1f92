"""Shared fixtures: one Coach for the whole session (rule data loads once)."""

from __future__ import annotations

import pytest

import tonecoach


@pytest.fixture(scope="session")
def coach() -> tonecoach.Coach:
    return tonecoach.Coach()


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the ``tonecoach`` command in-process: exit code, stdout, stderr."""
    from tonecoach.integrations.cli import main

    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def codes(report: tonecoach.Report, prefix: str = "TC") -> list[str]:
    """Codes of a report's suggestions that start with ``prefix``."""
    return [s.code for s in report.suggestions if s.code.startswith(prefix)]
