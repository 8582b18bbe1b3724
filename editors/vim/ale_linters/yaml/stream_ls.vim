" ALE linter for stream-ls, the language server for the stream events
" (Kinesis and DynamoDB Streams to Lambda) of Serverless Framework
" serverless.yml files. https://github.com/stream-ls/stream-ls
"
" Install: put this directory (editors/vim) on 'runtimepath', or copy this
" file to ~/.vim/ale_linters/yaml/stream_ls.vim. ALE then runs it for YAML
" buffers, but it starts the server only for files named serverless.yml or
" serverless.yaml (see the project root function below).
"
" Options:
"   g:ale_yaml_stream_ls_executable   the binary (default 'stream-ls')
"   g:ale_yaml_stream_ls_init_options stream-ls settings, sent as LSP
"                                     initializationOptions (default {});
"                                     unknown keys are ignored by the server
"
" Both may also be set per buffer (b:ale_yaml_stream_ls_...).

call ale#Set('yaml_stream_ls_executable', 'stream-ls')
call ale#Set('yaml_stream_ls_init_options', {})

" ALE starts an LSP linter only when it finds a project root, so returning ''
" for any other file name keeps stream-ls off ordinary YAML files.
function! ale_linters#yaml#stream_ls#GetProjectRoot(buffer) abort
    let l:name = fnamemodify(bufname(a:buffer), ':t')

    if l:name isnot# 'serverless.yml' && l:name isnot# 'serverless.yaml'
        return ''
    endif

    let l:git = ale#path#FindNearestDirectory(a:buffer, '.git')

    return !empty(l:git)
    \   ? fnamemodify(l:git, ':h:h')
    \   : fnamemodify(bufname(a:buffer), ':p:h')
endfunction

call ale#linter#Define('yaml', {
\   'name': 'stream-ls',
\   'lsp': 'stdio',
\   'executable': {b -> ale#Var(b, 'yaml_stream_ls_executable')},
\   'command': '%e --stdio',
\   'project_root': function('ale_linters#yaml#stream_ls#GetProjectRoot'),
\   'initialization_options': {b -> ale#Var(b, 'yaml_stream_ls_init_options')},
\})
