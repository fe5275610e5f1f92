" Drives tonecoach's language server from Vim 9 over Vim's own LSP channel (job_start with
" in_mode/out_mode 'lsp', as yegappan/lsp does), with the server the README recipe registered
" through LspAddServer(): the same initialize, initialized, didChangeConfiguration and
" workspace/configuration answers as that plugin. Writes what it saw as JSON to $TONECOACH_OUT.
let s:out = #{messages: [], steps: [], pulled: 0}
let s:diags = []
let s:published = 0
let s:server = g:tonecoach_servers[0]

function! s:OnMessage(ch, msg) abort
  let method = get(a:msg, 'method', '')
  if method ==# 'textDocument/publishDiagnostics'
    let s:diags = a:msg.params.diagnostics
    let s:published += 1
  elseif method =~# '^window/\(show\|log\)Message$'
    call add(s:out.messages, #{kind: method, type: a:msg.params.type,
          \ message: a:msg.params.message})
  elseif method ==# 'workspace/configuration'
    " yegappan/lsp answers from the server's workspaceConfig, null when there is none
    let s:out.pulled += 1
    call ch_sendexpr(a:ch, #{id: a:msg.id,
          \ result: [get(get(s:server, 'workspaceConfig', {}), 'tonecoach', v:null)]})
  endif
endfunction

function! s:Codes() abort
  return sort(map(copy(s:diags), 'v:val.code'))
endfunction

function! s:Count(code) abort
  return count(s:Codes(), a:code)
endfunction

function! s:Wait(what, condition) abort
  for i in range(1000)
    if eval(a:condition)
      return
    endif
    sleep 20m
  endfor
  throw 'timed out waiting for ' . a:what
endfunction

function! s:Step(name) abort
  call add(s:out.steps, #{name: a:name, codes: s:Codes()})
endfunction

" a UTF-16 column of LSP → a byte index into the line
function! s:ByteCol(line, col16) abort
  let [units, index] = [0, 0]
  for c in split(a:line, '\zs')
    if units >= a:col16
      break
    endif
    let units += char2nr(c) > 0xFFFF ? 2 : 1
    let index += len(c)
  endfor
  return index
endfunction

function! s:Notify(method, params) abort
  call ch_sendexpr(s:ch, #{method: a:method, params: a:params})
endfunction

function! s:Request(method, params) abort
  return ch_evalexpr(s:ch, #{method: a:method, params: a:params}, #{timeout: 20000})
endfunction

function! s:Settings(settings) abort
  call s:Notify('workspace/didChangeConfiguration', #{settings: a:settings})
endfunction

function! s:Run() abort
  execute 'edit' fnameescape($TONECOACH_DRAFT)
  let s:out.filetype = &filetype
  if index(s:server.filetype, &filetype) < 0
    throw 'the recipe does not cover filetype ' . &filetype
  endif
  let s:job = job_start([s:server.path] + s:server.args, #{in_mode: 'lsp', out_mode: 'lsp',
        \ err_mode: 'nl', err_io: 'null', out_cb: function('s:OnMessage')})
  let s:ch = job_getchannel(s:job)
  let uri = 'file://' . expand('%:p')
  let root = getcwd()  " yegappan/lsp: the working folder when the buffer is under it
  if stridx(expand('%:p:h'), root) != 0
    let root = expand('%:p:h')
  endif
  let init = #{processId: getpid(), clientInfo: #{name: 'Vim', version: string(v:versionlong)},
        \ rootPath: root, rootUri: 'file://' . root,
        \ workspaceFolders: [#{name: fnamemodify(root, ':t'), uri: 'file://' . root}],
        \ trace: 'off', initializationOptions: get(s:server, 'initializationOptions', {}),
        \ capabilities: #{
        \   workspace: #{workspaceFolders: v:true, applyEdit: v:true, configuration: v:true},
        \   textDocument: #{
        \     synchronization: #{didSave: v:true},
        \     hover: #{contentFormat: ['plaintext', 'markdown']},
        \     publishDiagnostics: #{relatedInformation: v:false},
        \     codeAction: #{dynamicRegistration: v:false, codeActionLiteralSupport:
        \       #{codeActionKind: #{valueSet: ['', 'quickfix', 'refactor', 'source']}}}},
        \   window: {}, general: {}}}
  let reply = s:Request('initialize', init)
  let s:out.server = get(get(reply, 'result', {}), 'serverInfo', {})
  call s:Notify('initialized', {})
  if !empty(get(s:server, 'workspaceConfig', {}))
    call s:Settings(s:server.workspaceConfig)
  endif
  call s:Notify('textDocument/didOpen', #{textDocument: #{uri: uri, languageId: &filetype,
        \ version: 1, text: join(getline(1, '$'), "\n") . "\n"}})
  call s:Wait('diagnostics', 's:Count("TC101") > 0')
  call s:Step('opened')
  let ty = filter(copy(s:diags), 'v:val.code ==# "TC101"')[0]
  let line = getline(ty.range.start.line + 1)
  let [start, end] = [s:ByteCol(line, ty.range.start.character),
        \ s:ByteCol(line, ty.range.end.character)]
  let s:out.ty_text = line[start : end - 1]
  let s:out.ty_severity = ty.severity

  " settings in parts, as :call LspServer... or a plugin of the team would send them
  call s:Settings(#{tonecoach: #{clientName: 'Ольга'}})
  call s:Wait('TC501', 's:Count("TC501") > 0')
  call s:Step('client name')
  call s:Settings(#{ignore: ['TC1']})
  call s:Wait('TC1 ignored', 's:Count("TC101") == 0')
  call s:Step('ignore TC1')
  call s:Settings(#{ignore: v:null})
  call s:Wait('TC101 back', 's:Count("TC101") > 0')
  call s:Step('ignore reset')
  call s:Settings(#{select: ['TC1O1']})
  call s:Wait('a refusal', 'len(s:out.messages) > 0')

  " :LspCodeAction on the diagnostic, the preferred fix applied to the buffer
  let actions = s:Request('textDocument/codeAction', #{textDocument: #{uri: uri},
        \ range: ty.range, context: #{diagnostics: [ty]}}).result
  let action = filter(copy(actions), 'get(v:val, "isPreferred", v:false)')[0]
  let s:out.action_title = action.title
  let edit = action.edit.changes[uri][0]
  let row = edit.range.start.line + 1
  let old = getline(row)
  let new = strpart(old, 0, s:ByteCol(old, edit.range.start.character)) . edit.newText
        \ . strpart(old, s:ByteCol(old, edit.range.end.character))
  call setline(row, new)
  let s:out.fixed_line = new
  let before = s:published
  call s:Notify('textDocument/didChange', #{textDocument: #{uri: uri, version: 2},
        \ contentChanges: [#{text: join(getline(1, '$'), "\n") . "\n"}]})
  call s:Wait('the fix checked', 's:published > ' . before . ' && s:Count("TC101") == 1')
  call s:Step('fixed')

  " :LspHover on the emoji
  let emoji = filter(copy(s:diags), 'v:val.code ==# "TC603"')
  if !empty(emoji)
    let hover = s:Request('textDocument/hover', #{textDocument: #{uri: uri},
          \ position: emoji[0].range.start}).result
    let s:out.hover = hover.contents.value
  endif
  call s:Request('shutdown', v:null)
  call s:Notify('exit', v:null)
endfunction

try
  call s:Run()
  let s:out.error = v:null
catch
  let s:out.error = v:exception . ' at ' . v:throwpoint
endtry
call writefile([json_encode(s:out)], $TONECOACH_OUT)
qall!
