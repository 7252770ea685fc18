local t = setmetatable({}, {__index = function(t, k) return t[k] end})
local ok, e = pcall(function() return t.x end)
print(ok, e:find("stack overflow") ~= nil)
local loop = {}
setmetatable(loop, {__index = loop})
local ok2, e2 = pcall(function() return loop.x end)
print(ok2, e2)
