-- luajit-differs: lua5.1 names a value read with a non-constant-string key as field '?'; luajit gives no name
local t = {}
print(pcall(function() return t[1].x end))
print(pcall(function() return t[1] + 1 end))
print(pcall(function() t[2]() end))
print(pcall(function() return t[true] .. "x" end))
print(pcall(function() return t[1.5].y end))
local k = "key"
print(pcall(function() return t[k].x end))
print(pcall(function() return t["str"].x end))
