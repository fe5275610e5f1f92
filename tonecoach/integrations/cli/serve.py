"""``tonecoach lsp``: the language server over stdio, for editors."""

from __future__ import annotations

import argparse
from typing import Any

from tonecoach.integrations.cli.common import fail


def cmd_lsp(args: argparse.Namespace) -> int:
    try:
        from tonecoach.integrations.lsp.server import main as serve
    except ImportError as exc:
        fail(f"the language server needs pygls: pip install 'tonecoach[lsp]' ({exc})")
    serve()
    return 0


def add_parsers(sub: Any) -> None:
    """``tonecoach lsp``."""
    p = sub.add_parser("lsp", help="run the language server over stdio (for editors)")
    p.set_defaults(func=cmd_lsp)
