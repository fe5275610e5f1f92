" tonecoach in Vim 9 with yegappan/lsp (~/.vimrc). `tonecoach` must be on PATH:
" pip install 'tonecoach[lsp]'. Each draft is checked with the tonecoach.toml nearest to it.
" :LspDiag show lists the suggestions, :LspCodeAction fixes, :LspHover explains.
packadd lsp
call LspAddServer([#{
      \ name: 'tonecoach',
      \ filetype: ['text', 'markdown', 'mail'],
      \ path: exepath('tonecoach'),
      \ args: ['lsp'],
      \ initializationOptions: #{emoji: 'none'},
      \ }])
