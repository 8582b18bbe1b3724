-- Headless Neovim test of editors/neovim, run by editors/editors_test.go:
--
--   STREAM_LS_CMD=/path/to/stream-ls STREAM_LS_NVIM_DIR=editors/neovim \
--   PROBE_DIR=/tmp/project PROBE_OUT=/tmp/out.json nvim --headless -u NONE -i NONE -n +'luafile test/probe.lua'
--
-- PROBE_DIR holds serverless.yml (the fixture) and other.yml. The script
-- drives the real Neovim LSP client through lua/stream_ls.lua, writes one
-- JSON object with what it saw to PROBE_OUT and exits; the Go test makes
-- the assertions. Every wait is bounded (vim.wait), so a broken server
-- cannot hang the run.
local dir = os.getenv('PROBE_DIR')
local plugin = os.getenv('STREAM_LS_NVIM_DIR')
local out = { nvim = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch }
local TIMEOUT = 10000

local function finish(code)
  local f = assert(io.open(os.getenv('PROBE_OUT'), 'w'))
  f:write(vim.fn.json_encode(out) .. '\n')
  f:close()
  for _, c in pairs(vim.lsp.get_active_clients()) do
    c.stop()
  end
  vim.wait(3000, function()
    return #vim.lsp.get_active_clients() == 0
  end, 20)
  vim.cmd(code == 0 and 'qall!' or 'cquit! ' .. code)
end

local ok, err = pcall(function()
  -- 1. lsp/stream_ls.lua (the nvim-lspconfig / vim.lsp.config form) loads and
  -- its root_dir accepts serverless files only. vim.fs is 0.8+, so on older
  -- Neovim give it the three functions the config uses.
  local f, lerr = loadfile(plugin .. '/lsp/stream_ls.lua')
  if not f then
    error('lsp/stream_ls.lua: ' .. lerr)
  end
  local cfg = f()
  local fs = vim.fs
  if not (fs and fs.root) then
    fs = {
      basename = function(p)
        return vim.fn.fnamemodify(p, ':t')
      end,
      dirname = function(p)
        return vim.fn.fnamemodify(p, ':h')
      end,
      root = function()
        return nil
      end,
    }
  end
  local saved = vim.fs
  vim.fs = fs
  local function root_for(name)
    local b = vim.api.nvim_create_buf(false, true)
    vim.api.nvim_buf_set_name(b, name)
    local got = false
    cfg.root_dir(b, function(d)
      got = d
    end)
    vim.api.nvim_buf_delete(b, { force = true })
    return got
  end
  out.lspconfig = {
    cmd = cfg.cmd,
    filetypes = cfg.filetypes,
    root_serverless_yml = root_for(dir .. '/sub/serverless.yml'),
    root_serverless_yaml = root_for(dir .. '/sub/serverless.yaml'),
    root_other_yml = root_for(dir .. '/sub/other.yml'),
  }
  vim.fs = saved

  -- 2. The 0.7+ module, set up as a user would in init.lua.
  vim.opt.runtimepath:prepend(plugin)
  require('stream_ls').setup({ cmd = { os.getenv('STREAM_LS_CMD'), '--stdio' } })

  -- Another YAML file must not get a client (checked below, once the
  -- server's client is initialized: before that, buf_get_clients does not
  -- list it for any buffer).
  vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/other.yml'))
  local other = vim.api.nvim_get_current_buf()

  vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/serverless.yml'))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.wait(TIMEOUT, function()
    return next(vim.lsp.buf_get_clients(bufnr)) ~= nil
  end, 20)
  local clients = vim.lsp.buf_get_clients(bufnr)
  out.clients_on_serverless_yml = #vim.tbl_keys(clients)
  out.clients_on_other_yml = #vim.tbl_keys(vim.lsp.buf_get_clients(other))
  local client = select(2, next(clients))
  if not client then
    error('no client attached to serverless.yml')
  end
  out.languageId = vim.bo[bufnr].filetype
  out.client_name = client.name
  out.change_kind = (client.server_capabilities.textDocumentSync or {}).change

  local function diags()
    return vim.tbl_map(function(d)
      return { lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity, code = d.code, source = d.source, message = d.message }
    end, vim.diagnostic.get(bufnr))
  end
  local function has_code(code)
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == code then
        return true
      end
    end
    return false
  end

  out.diagnostics_arrived = vim.wait(TIMEOUT, function()
    return #vim.diagnostic.get(bufnr) > 0
  end, 20)
  out.diagnostics = diags()

  -- 3. Hover and completion on the `consumer` key. client.request bypasses
  -- the capability filter, so the answer (result or error) is recorded
  -- even for a method the server does not advertise yet.
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local row
  for i, l in ipairs(lines) do
    if l:find('consumer: true', 1, true) then
      row = i - 1
    end
  end
  if not row then
    error('fixture has no "consumer: true" line')
  end
  local col = lines[row + 1]:find('consumer', 1, true) - 1
  local function request(method, params)
    local answer = { answered = false }
    local sent = client.request(method, params, function(rerr, result)
      answer.answered = true
      answer.err = rerr
      answer.result = result
    end, bufnr)
    answer.sent = sent and true or false
    vim.wait(TIMEOUT, function()
      return answer.answered
    end, 20)
    return answer
  end
  local pos = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = row, character = col + 2 } }
  out.hover = request('textDocument/hover', pos)
  out.hover.advertised = client.server_capabilities.hoverProvider and true or false
  local comp_pos = { textDocument = pos.textDocument, position = { line = row, character = col } }
  out.completion = request('textDocument/completion', comp_pos)
  out.completion.advertised = client.server_capabilities.completionProvider ~= nil
  if type(out.completion.result) == 'table' then
    local items = out.completion.result.items or out.completion.result
    out.completion.count = #items
    out.completion.result = nil -- the list can be long; the count is enough
  end

  -- 4. An incremental edit: delete the `consumer: true` line, as a user
  -- would with dd. The diagnostic must go away...
  vim.api.nvim_buf_set_text(bufnr, row, 0, row + 1, 0, { '' })
  out.cleared_after_delete = vim.wait(TIMEOUT, function()
    return not has_code('stream-consumer-dynamodb')
  end, 20)
  out.after_delete = diags()
  -- ...and come back when the line is typed in again.
  vim.api.nvim_buf_set_text(bufnr, row, 0, row, 0, { lines[row + 1], '' })
  out.back_after_restore = vim.wait(TIMEOUT, function()
    return has_code('stream-consumer-dynamodb')
  end, 20)
  out.after_restore = diags()
end)

if not ok then
  out.error = tostring(err)
  finish(1)
else
  finish(0)
end
