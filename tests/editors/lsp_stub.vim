" Stands in for yegappan/lsp's plugin/lsp.vim in tests (the plugin is not downloaded):
" keeps what the recipe registers, for vim_driver.vim to start the server with.
function! LspAddServer(servers) abort
  let g:tonecoach_servers = a:servers
endfunction
