-- stream-ls for Neovim 0.7 to 0.10, which have no vim.lsp.config (on 0.11+
-- use lsp/stream_ls.lua instead). Usage, in init.lua:
--
--   require('stream_ls').setup({
--     cmd = { 'stream-ls', '--stdio' },  -- default; an absolute path works too
--     init_options = {},                 -- stream-ls settings (forward-compatible)
--     on_attach = function(client, bufnr) end,
--   })
--
-- One client is started per project root and attached to every buffer named
-- serverless.yml / serverless.yaml under it; no other buffer is touched.
local M = {}

local defaults = {
  name = 'stream-ls',
  cmd = { 'stream-ls', '--stdio' },
  init_options = {},
}

-- client id per root directory, so two serverless.yml files of one project
-- share a server.
local clients = {}

local function is_serverless(name)
  local base = vim.fn.fnamemodify(name, ':t')
  return base == 'serverless.yml' or base == 'serverless.yaml'
end

-- The nearest directory above the file holding .git, else the file's own
-- directory. (vim.fs.root is 0.10+; finddir works on 0.7.)
local function root_of(name)
  local dir = vim.fn.fnamemodify(name, ':p:h')
  local git = vim.fn.finddir('.git', dir .. ';')
  if git ~= '' then
    return vim.fn.fnamemodify(git, ':p:h:h')
  end
  return dir
end

-- attach starts (or reuses) the client for bufnr's root and returns its id,
-- or nil when the buffer is not a serverless file.
function M.attach(bufnr, opts)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local name = vim.api.nvim_buf_get_name(bufnr)
  if not is_serverless(name) then
    return nil
  end
  opts = vim.tbl_deep_extend('force', defaults, M.opts or {}, opts or {})
  -- languageId comes from 'filetype'; with it unset Neovim sends "".
  if vim.bo[bufnr].filetype == '' then
    vim.bo[bufnr].filetype = 'yaml'
  end
  local root = root_of(name)
  local id = clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil or vim.lsp.get_client_by_id(id).is_stopped() then
    local cfg = vim.tbl_extend('force', opts, {
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    })
    id = vim.lsp.start_client(cfg)
    if id == nil then
      vim.notify('stream-ls: could not start ' .. table.concat(opts.cmd, ' '), vim.log.levels.ERROR)
      return nil
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

function M.setup(opts)
  M.opts = opts or {}
  local group = vim.api.nvim_create_augroup('stream_ls', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
    group = group,
    pattern = { 'serverless.yml', 'serverless.yaml' },
    callback = function(args)
      M.attach(args.buf)
    end,
  })
end

return M
