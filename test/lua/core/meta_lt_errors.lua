local A = {__lt = function() return true end}
local B = {__lt = function() return false end}
local a = setmetatable({}, A)
local b = setmetatable({}, B)
print(pcall(function() return a < b end))
print(pcall(function() return a < a end))
print(pcall(function() return {} < {} end))
print(pcall(function() return a <= a end))
print(pcall(function() return a < "x" end))
