---@brief
---
--- https://github.com/stream-ls/stream-ls
---
--- Language server for the `stream` events (Kinesis and DynamoDB Streams to
--- Lambda) of Serverless Framework `serverless.yml` files.
---
--- Install the binary with
--- ```sh
--- go install github.com/stream-ls/stream-ls/cmd/stream-ls@latest
--- ```
---
--- serverless.yml is filetype `yaml`, so this config attaches only to buffers
--- named `serverless.yml` or `serverless.yaml`; other YAML files are left to
--- other servers. stream-ls's own settings go in `init_options`; the server
--- ignores keys it does not know, so the table is forward-compatible.

---@type vim.lsp.Config
return {
  cmd = { 'stream-ls', '--stdio' },
  filetypes = { 'yaml' },
  root_dir = function(bufnr, on_dir)
    local name = vim.api.nvim_buf_get_name(bufnr)
    local base = vim.fs.basename(name)
    if base ~= 'serverless.yml' and base ~= 'serverless.yaml' then
      return
    end
    on_dir(vim.fs.root(bufnr, { '.git' }) or vim.fs.dirname(name))
  end,
  init_options = {},
}
