print(string.gsub("a b c", "%a", function(c) if c == "b" then return nil end return "X" end))
print(string.gsub("a b c", "%a", function(c) if c == "b" then return false end return "Y" end))
print(string.gsub("a b c", "%a", function() end))
print(string.gsub("abc", "%a", function(c) return c == "a" end and function(c) return nil end))
