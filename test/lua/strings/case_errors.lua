print(pcall(function() local r = string.upper() return r end))
print(pcall(function() local r = string.lower(nil) return r end))
print(pcall(function() local r = string.upper(true) return r end))
print(pcall(function() local r = string.lower(print) return r end))
