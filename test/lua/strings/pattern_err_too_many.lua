local s = string.rep("a", 50)
print(pcall(function() local r = string.match(s, string.rep("(a)", 33)) return r end))
print(pcall(function() local r = string.match(s, string.rep("()", 33)) return r end))
print(pcall(function() local r = string.match(s, string.rep("(", 40)) return r end))
