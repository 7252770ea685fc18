print(string.gsub("abc", "%a", function(c) return c:upper(), "ignored" end))
print(string.gsub("abc", "(%a)", function(c) return 1, 2, 3 end))
