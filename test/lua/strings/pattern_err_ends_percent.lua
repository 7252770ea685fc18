print(pcall(function() local r = string.find("abc", "%") return r end))
print(pcall(function() local r = string.find("abc", "a%") return r end))
print(pcall(function() local r = string.match("abc", "[a]%") return r end))
print(pcall(function() local r = string.gsub("abc", "%", "x") return r end))
