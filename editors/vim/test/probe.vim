" Ex-mode test of editors/vim with Debian's vim-ale, run by
" editors/editors_test.go:
"
"   STREAM_LS_CMD=/path/to/stream-ls STREAM_LS_VIM_DIR=editors/vim \
"   PROBE_DIR=/tmp/project PROBE_OUT=/tmp/out.json vim -N -u NONE -i NONE -es -S editors/vim/test/probe.vim </dev/null
"
" Writes one JSON object with what ALE shows to $PROBE_OUT; the Go test
" makes the assertions. Waits poll with a bound (ALE works from timers and
" channel callbacks, which run while Vim sleeps).
set nocompatible
" Debian's vim-ale lives outside the default 'runtimepath'.
let s:ale = fnamemodify(trim(system('dpkg -L vim-ale | grep /plugin/ale.vim$')), ':h:h')
let &runtimepath = $STREAM_LS_VIM_DIR . ',' . s:ale . ',' . &runtimepath
filetype plugin on
" Only our linter, so another YAML linter that happens to be installed
" cannot add or hide diagnostics.
let g:ale_linters = {'yaml': ['stream-ls']}
let g:ale_yaml_stream_ls_executable = $STREAM_LS_CMD
runtime plugin/ale.vim

let s:out = {}

function! s:Wait(cond, tenths) abort
    let l:i = 0
    while l:i < a:tenths && !eval(a:cond)
        sleep 100m
        let l:i += 1
    endwhile
    return eval(a:cond)
endfunction

" Another YAML file: ALE must not start stream-ls for it.
execute 'edit ' . fnameescape($PROBE_DIR . '/other.yml')
set filetype=yaml
let s:other = bufnr('')
call ale#Queue(0)
call s:Wait('!ale#engine#IsCheckingBuffer(' . s:other . ')', 50)
let s:out.other_loclist = ale#engine#GetLoclist(s:other)
let s:out.other_refused = get(get(g:, 'ale_lsp_error_messages', {}), 'stream-ls', [])

execute 'edit ' . fnameescape($PROBE_DIR . '/serverless.yml')
set filetype=yaml
let s:buf = bufnr('')
call ale#Queue(0)
let s:out.arrived = s:Wait('!empty(ale#engine#GetLoclist(' . s:buf . '))', 100)
let s:out.loclist = ale#engine#GetLoclist(s:buf)

call writefile([json_encode(s:out)], $PROBE_OUT)
qall!
