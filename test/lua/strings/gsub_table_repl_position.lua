local t = { [1] = "first", [3] = "third" }
print(string.gsub("abc", "()", t))
print(string.gsub("abc", "()%a", t))
