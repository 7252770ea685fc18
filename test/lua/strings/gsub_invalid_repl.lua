print(pcall(function() local r = string.gsub("abc", "a", { a = {} }) return r end))
print(pcall(function() local r = string.gsub("abc", "a", { a = true }) return r end))
print(pcall(function() local r = string.gsub("abc", "a", { a = print }) return r end))
print(pcall(function() local r = string.gsub("abc", "x", { a = {} }) return r end))
