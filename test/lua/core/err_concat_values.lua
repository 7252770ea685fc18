print(pcall(function() local t = {}; return t .. "" end))
print(pcall(function() local n; return "x" .. n end))
print(pcall(function() local b = true; return b .. "x" end))
print(pcall(function() return "x" .. missing_g end))
local up = {}
print(pcall(function() return up .. "x" end))
print(pcall(function() local f = print; return "a" .. f end))
