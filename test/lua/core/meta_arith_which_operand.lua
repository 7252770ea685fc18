-- the left operand's metamethod is tried first, then the right's
local L = {__add = function() return "left mm" end, __mul = function() return "left mul" end}
local R = {__add = function() return "right mm" end}
local l = setmetatable({}, L)
local r = setmetatable({}, R)
print(l + r)
print(r + l)
print(l + 1, 1 + l)
print(r + {}, {} + r)
print(l * r, r * l)
print(pcall(function() return r * r end))
