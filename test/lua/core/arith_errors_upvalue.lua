local up = nil
local tbl = {}
print(pcall(function() return up + 1 end))
print(pcall(function() return 2 * up end))
print(pcall(function() return tbl.missing - 1 end))
local function f() return nil end
print(pcall(function() return f() + 1 end))
print(pcall(function() return {} + 1 end))
