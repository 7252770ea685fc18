local s = "a\0b\255c\0"
print(#s)
print(string.byte(s:sub(2, 4), 1, -1))
print(string.byte(s:sub(-2), 1, -1))
print(s:sub(2, 2) == "\0", s:sub(4, 4) == "\255")
