print(pcall(function() local r = string.find("abc", "%b") return r end))
print(pcall(function() local r = string.find("abc", "%b(") return r end))
print(pcall(function() local r = string.find("(abc)", "%b()") return r end))
