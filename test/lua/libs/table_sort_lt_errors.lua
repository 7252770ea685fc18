local mt = {__lt = function(a, b) error("lt failed") end}
print(pcall(function() table.sort({setmetatable({}, mt), setmetatable({}, mt)}) end))
local mt2 = {__lt = function(a, b) return a.n < b.n end}
print(pcall(function() table.sort({setmetatable({n = 1}, mt2), setmetatable({}, mt2)}) end))
print(pcall(function() table.sort({setmetatable({n = 1}, mt2), 5}) end))
