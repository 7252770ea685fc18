print(string.gsub("abc", "%a", function(...) return select("#", ...) end))
print(string.gsub("abc", "(%a)(%a)", function(...) return select("#", ...) end))
print(string.gsub("abc", "()%a()", function(a, b) return a .. ":" .. b end))
print(string.gsub("abc", "%a", function(c, extra) return tostring(extra) end))
