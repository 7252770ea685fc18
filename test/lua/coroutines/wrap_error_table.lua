-- a table error through wrap is passed unchanged
local e = {msg = "tbl"}
local w = coroutine.wrap(function() error(e) end)
local ok, err = pcall(w)
print(ok, err == e, err.msg)
local w2 = coroutine.wrap(function() error() end)
print(pcall(w2))
local w3 = coroutine.wrap(function() error(false) end)
print(pcall(w3))
