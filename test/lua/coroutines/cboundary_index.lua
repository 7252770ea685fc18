-- luajit-differs: luajit can yield across metamethods
-- yield inside an __index function is a yield across a C-call boundary
local t = setmetatable({}, {__index = function(t, k) return coroutine.yield(k) end})
local co = coroutine.create(function() return t.foo end)
local ok, err = coroutine.resume(co)
print(ok, (string.find(tostring(err), "yield across", 1, true)) ~= nil)
print(coroutine.status(co))
