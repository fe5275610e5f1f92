"""``tonecoach lsp``: the language server over stdio, for editors."""

from __future__ import annotations

import argparse
from typing import Any

from tonecoach.integrations.cli.common import fail

DESCRIPTION = """\
Языковой сервер (LSP) на stdin/stdout: редактор показывает замечания прямо в тексте
черновика, предлагает исправления и подсказки. Запускает его редактор, не человек.
Нужен дополнительный пакет: pip install 'tonecoach[lsp]'. Настройки — из tonecoach.toml
(от корня проекта или папки документа) и из initializationOptions редактора."""

EPILOG = """\
пример (Neovim 0.11+, init.lua):
  vim.lsp.config("tonecoach", { cmd = { "tonecoach", "lsp" },
                                filetypes = { "text", "markdown", "mail" } })
  vim.lsp.enable("tonecoach")

Другие редакторы и версии — в README, раздел «Editors (language server)»."""


def cmd_lsp(args: argparse.Namespace) -> int:
    try:
        from tonecoach.integrations.lsp.server import main as serve
    except ImportError as exc:
        fail(f"языковому серверу нужен pygls: pip install 'tonecoach[lsp]' ({exc})")
    serve()
    return 0


def add_parsers(sub: Any) -> None:
    """``tonecoach lsp``."""
    p = sub.add_parser("lsp", help="языковой сервер для редакторов (LSP, stdio)",
                       description=DESCRIPTION, epilog=EPILOG)
    p.set_defaults(func=cmd_lsp)
