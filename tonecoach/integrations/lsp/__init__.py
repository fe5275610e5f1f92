"""The tonecoach language server (``tonecoach lsp``); needs the ``lsp`` extra (pygls)."""
