-- Drives tonecoach's language server in headless Neovim (0.7+), after a README recipe was
-- loaded as init.lua: opens the draft, reads diagnostics, changes settings in parts, applies
-- a quick fix, hovers; writes what it saw as JSON to $TONECOACH_OUT.
local out = { messages = {}, steps = {} }
local function keep(kind)
  return function(_, result)
    table.insert(out.messages, { kind = kind, type = result.type, message = result.message })
  end
end
vim.lsp.handlers["window/showMessage"] = keep("show")
vim.lsp.handlers["window/logMessage"] = keep("log")

local function client()
  for _, c in pairs((vim.lsp.get_clients or vim.lsp.get_active_clients)()) do
    if c.name == "tonecoach" then return c end
  end
end

local function notify(method, params) -- 0.11 made client methods take self
  local c = client()
  if vim.fn.has("nvim-0.11") == 1 then c:notify(method, params) else c.notify(method, params) end
end

local function diagnostics()
  local list = vim.diagnostic.get(0)
  table.sort(list, function(a, b) return a.lnum * 1000 + a.col < b.lnum * 1000 + b.col end)
  return list
end

local function codes()
  local list = {}
  for _, d in ipairs(diagnostics()) do table.insert(list, d.code) end
  table.sort(list)
  return list
end

local function has(code)
  return vim.tbl_contains(codes(), code)
end

local function wait(what, predicate)
  if not vim.wait(20000, predicate, 20) then error("timed out waiting for " .. what) end
end

local function step(name)
  table.insert(out.steps, { name = name, codes = codes() })
end

local function run()
  vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("TONECOACH_DRAFT")))
  wait("diagnostics", function() return has("TC101") end)
  step("opened")
  out.encoding = client().offset_encoding
  out.root = client().config.root_dir or vim.NIL
  local ty
  for _, d in ipairs(diagnostics()) do
    if d.code == "TC101" and ty == nil then ty = d end
  end
  out.ty_text = vim.api.nvim_buf_get_text(0, ty.lnum, ty.col, ty.end_lnum, ty.end_col, {})[1]
  out.ty_severity = ty.severity

  -- settings in parts: each change keeps what was set before
  notify("workspace/didChangeConfiguration", { settings = { tonecoach = { clientName = "Ольга" } } })
  wait("TC501", function() return has("TC501") end)
  step("client name")
  notify("workspace/didChangeConfiguration", { settings = { ignore = { "TC1" } } })
  wait("TC1 ignored", function() return not has("TC101") end)
  step("ignore TC1")
  notify("workspace/didChangeConfiguration", { settings = { ignore = vim.NIL } })
  wait("TC101 back", function() return has("TC101") end)
  step("ignore reset")
  notify("workspace/didChangeConfiguration", { settings = { select = { "TC1O1" } } })
  wait("a refusal", function() return #out.messages > 0 end)

  -- a quick fix, asked for at the cursor as :lua vim.lsp.buf.code_action() does
  vim.api.nvim_win_set_cursor(0, { ty.lnum + 1, ty.col })
  local params = vim.lsp.util.make_range_params(0, client().offset_encoding)
  params.context = { diagnostics = {} }
  local answers = vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, 10000)
  local action
  for _, answer in pairs(answers or {}) do
    for _, a in ipairs(answer.result or {}) do
      if a.isPreferred and action == nil then action = a end
    end
  end
  out.action_title = action.title
  vim.lsp.util.apply_workspace_edit(action.edit, client().offset_encoding)
  out.fixed_line = vim.api.nvim_buf_get_lines(0, ty.lnum, ty.lnum + 1, false)[1]
  wait("the fix checked", function()
    local n = 0
    for _, c in ipairs(codes()) do if c == "TC101" then n = n + 1 end end
    return n == 1
  end)
  step("fixed")

  -- hover on the emoji, as K does
  for _, d in ipairs(diagnostics()) do
    if d.code == "TC603" then vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col + 1 }) end
  end
  local hovers = vim.lsp.buf_request_sync(0, "textDocument/hover",
    vim.lsp.util.make_position_params(0, client().offset_encoding), 10000)
  for _, answer in pairs(hovers or {}) do
    if answer.result then out.hover = answer.result.contents.value end
  end
end

local ok, err = pcall(run)
out.error = ok and vim.NIL or tostring(err)
vim.fn.writefile({ vim.fn.json_encode(out) }, os.getenv("TONECOACH_OUT"))
vim.cmd("qa!")
