-- luajit-differs: luajit reports a missing argument as nil
print(pcall(function() local r = string.len() return r end))
print(pcall(function() local r = string.len(nil) return r end))
print(pcall(function() local r = string.len(true) return r end))
print(pcall(function() local r = string.len({}) return r end))
