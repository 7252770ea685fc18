-- luajit-differs: luajit's format accepts repeated flags
print(pcall(function() local r = string.format("%-----d", 1) return r end))
print(pcall(function() local r = string.format("%------d", 1) return r end))
print(pcall(function() local r = string.format("%-+ #0d", 1) return r end))
print(pcall(function() local r = string.format("%-+ #0-d", 1) return r end))
print(pcall(function() local r = string.format("%00000d", 1) return r end))
