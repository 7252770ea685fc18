print(pcall(function() local r = string.find("abc", "%f") return r end))
print(pcall(function() local r = string.find("abc", "%fa") return r end))
print(pcall(function() local r = string.find("abc", "%f(a)") return r end))
print(pcall(function() local r = string.find("abc", "%f[a") return r end))
