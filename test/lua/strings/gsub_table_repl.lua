local t = { a = "1", b = 2, c = false }
print(string.gsub("abcd", "%a", t))
print(string.gsub("$x + $y = $z", "%$(%w+)", { x = "10", y = "20", z = "30" }))
print(string.gsub("hello world", "%w+", { hello = "HI" }))
print(string.gsub("a1b2", "%d", { ["1"] = "one", ["2"] = "two" }))
