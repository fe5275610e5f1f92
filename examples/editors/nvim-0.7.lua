-- tonecoach in Neovim 0.7–0.10 (init.lua). `tonecoach` must be on PATH:
-- pip install 'tonecoach[lsp]'. Each draft is checked with the tonecoach.toml nearest to it.
vim.api.nvim_create_autocmd("FileType", {
  pattern = { "text", "markdown", "mail" },
  callback = function(args)
    local config = {
      name = "tonecoach",
      cmd = { "tonecoach", "lsp" },
      -- any tonecoach.toml key, camelCase or snake_case; {} is fine too
      init_options = { emoji = "none" },
    }
    if vim.lsp.start then -- 0.8+: starts the server once, attaches every later buffer
      vim.lsp.start(config)
    else -- 0.7
      _G.tonecoach_client = _G.tonecoach_client or vim.lsp.start_client(config)
      vim.lsp.buf_attach_client(args.buf, _G.tonecoach_client)
    end
  end,
})
