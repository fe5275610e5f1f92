-- tonecoach in Neovim 0.11+ (init.lua). `tonecoach` must be on PATH:
-- pip install 'tonecoach[lsp]'. Each draft is checked with the tonecoach.toml nearest to it.
vim.lsp.config("tonecoach", {
  cmd = { "tonecoach", "lsp" },
  filetypes = { "text", "markdown", "mail" },
  -- any tonecoach.toml key, camelCase or snake_case; {} is fine too
  init_options = { emoji = "none" },
})
vim.lsp.enable("tonecoach")
