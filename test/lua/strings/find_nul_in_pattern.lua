-- luajit-differs: luajit's no-specials check for find does not stop at a NUL in the pattern
-- a pattern is a C string in 5.1: with special characters, it ends at the first NUL
print(string.find("a\0bc", "a\0b"))
print(string.find("a\0bc", "a\0x"))
print(string.find("a\0.c", "a\0."))
print(string.find("xa\0bc", ".\0b"))
print(string.find("a\0bc", "a\0x", 1, true))
