local s = "abcdef"
print(s:sub(-1), s:sub(-3), s:sub(-6), s:sub(-7))
print(s:sub(-3, -2), s:sub(-100, -5), s:sub(2, -2))
print(s:sub(-2, 3) == "", s:sub(-1, -1))
