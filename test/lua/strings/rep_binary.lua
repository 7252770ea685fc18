local s = string.rep("\0\255", 3)
print(#s)
print(string.byte(s, 1, -1))
print(string.rep("a\0", 2) == "a\0a\0")
