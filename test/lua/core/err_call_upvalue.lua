local f
local g = 10
print(pcall(function() f() end))
print(pcall(function() g() end))
print(pcall(function() return f(1, 2) end))
print(pcall(function() local x = f() end))
