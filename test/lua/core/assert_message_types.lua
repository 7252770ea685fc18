-- luajit-differs: lua5.1 assert requires a string (or number) message; luajit rethrows any value unchanged
print(pcall(function() assert(false, 12) end))
print(pcall(function() assert(nil, "m") end))
local ok, e = pcall(function() assert(false, {tag = "t"}) end)
print(ok, e)
