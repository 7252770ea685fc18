-- luajit-differs: luajit says 'got nil' for a missing argument
local t = {1, 2, 3}
print(pcall(function() table.remove(t, "x") end))
print(pcall(function() table.remove(t, {}) end))
print(pcall(function() table.remove(t, true) end))
print(pcall(function() table.remove() end))
print(pcall(function() table.remove(nil) end))
print(pcall(function() table.remove("abc") end))
print(#t)
