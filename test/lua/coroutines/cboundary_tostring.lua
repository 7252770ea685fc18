-- luajit-differs: luajit can yield across metamethods
-- yield inside __tostring (called by tostring/print) fails
local obj = setmetatable({}, {__tostring = function() coroutine.yield("t") return "obj" end})
local co = coroutine.create(function() return tostring(obj) end)
local ok, err = coroutine.resume(co)
print(ok, (string.find(tostring(err), "yield across", 1, true)) ~= nil)
local w = coroutine.wrap(function() print(obj) end)
local ok2, err2 = pcall(w)
print(ok2, (string.find(tostring(err2), "yield across", 1, true)) ~= nil)
