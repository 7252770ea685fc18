-- luajit-differs: luajit can yield across metamethods
-- the yield-across error also propagates through wrap
local t = setmetatable({}, {__index = function() coroutine.yield() end})
local w = coroutine.wrap(function() return t[1] end)
local ok, err = pcall(w)
print(ok, type(err), (string.find(err, "yield across", 1, true)) ~= nil)
