local s = "abc"
print(s:find("a", 0))
print(s:find("c", 4))
print(s:find("c", 10))
print(s:find(".", 4))
print(s:find(".?", 4))
print(s:find("$", 10))
print(s:find("x*", 10))
