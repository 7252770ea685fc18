print(pcall(function() local r = string.byte() return r end))
print(pcall(function() local r = string.byte("abc", {}) return r end))
print(pcall(function() local r = string.byte("abc", 1, "x") return r end))
print(pcall(function() local r = string.byte(true) return r end))
