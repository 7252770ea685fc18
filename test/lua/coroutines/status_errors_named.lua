-- argument errors of the coroutine functions called by name from Lua code
print(pcall(function() local r = coroutine.status(1) return r end))
print(pcall(function() local r = coroutine.resume({}) return r end))
print(pcall(function() local r = coroutine.resume() return r end))
print(pcall(function() local c = coroutine; local r = c.status("x") return r end))
