-- luajit-differs: luajit reports long widths as an invalid option
print(pcall(function() local r = string.format("%99d", 1) return r end))
print(pcall(function() local r = string.format("%100d", 1) return r end))
print(pcall(function() local r = string.format("%.99f", 1) return r end))
print(pcall(function() local r = string.format("%.100f", 1) return r end))
print(pcall(function() local r = string.format("%1.123d", 1) return r end))
print(pcall(function() local r = string.format("%123.1s", "x") return r end))
