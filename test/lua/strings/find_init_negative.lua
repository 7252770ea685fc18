local s = "abcabc"
print(s:find("a", -3))
print(s:find("a", -6))
print(s:find("a", -100))
print(s:find("c", -1))
print(s:find("b", -1))
print(s:find("a.", -3))
print(s:find("a.", -1))
