print(pcall(function() local x; return #x end))
print(pcall(function() local x = 3; return #x end))
print(pcall(function() return #missing_len end))
local up = true
print(pcall(function() return #up end))
local t = {}
print(pcall(function() return #t.field end))
