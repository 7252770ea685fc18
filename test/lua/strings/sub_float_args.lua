local s = "abcdefgh"
print(s:sub(2.9, 4.1))
print(s:sub(-2.5))
print(s:sub("3", "5"))
print(s:sub("  2  ", 3))
print(s:sub(0x2, 0x4))
