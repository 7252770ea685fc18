print(pcall(function() return g_missing + 1 end))
print(pcall(function() return 1 + g_missing end))
local t = {}
print(pcall(function() return t.x * 2 end))
print(pcall(function() return 2 * t.x end))
g_tbl = {}
print(pcall(function() return g_tbl / 2 end))
print(pcall(function() return -g_tbl end))
