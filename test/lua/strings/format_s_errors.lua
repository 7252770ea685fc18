-- luajit-differs: luajit's %s says 'value expected' and converts any value with tostring
print(pcall(function() local r = string.format("%s") return r end))
print(pcall(function() local r = string.format("%s", nil) return r end))
print(pcall(function() local r = string.format("%s", {}) return r end))
print(pcall(function() local r = string.format("%s", true) return r end))
print(pcall(function() local r = string.format("%s %s", "a") return r end))
print(pcall(function() local r = string.format("%s", setmetatable({}, { __tostring = function() return "T" end })) return r end))
