local s = "ab\0cd\0\255ef"
print(string.find(s, "\0"))
print(string.find(s, "\0", 4))
print(string.find(s, "\255"))
print(string.find(s, "d\0\255"))
print(string.find(s, "%z"))
print(string.find(s, "[\200-\255]"))
print(string.find(s, "\0", 1, true))
