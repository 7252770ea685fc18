-- luajit-differs: luajit says 'value expected' and parses a lone '%' differently
print(pcall(function() local r = string.format("%d") return r end))
print(pcall(function() local r = string.format("%d %d", 1) return r end))
print(pcall(function() local r = string.format("%") return r end))
print(pcall(function() local r = string.format("%y") return r end))
print(pcall(function() local r = string.format("%q") return r end))
