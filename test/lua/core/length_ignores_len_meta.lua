-- Lua 5.1 does not consult __len for tables
local t = setmetatable({1, 2, 3}, {__len = function() return 99 end})
print(#t)
local u = setmetatable({}, {__len = function() return 5 end})
print(#u)
