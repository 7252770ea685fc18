local s = "a\0b\0c"
local r, n = string.gsub(s, "%z", "\255")
print(n, string.byte(r, 1, -1))
r, n = string.gsub(s, "\0", "-", 1)
print(n, string.byte(r, 1, -1))
r, n = string.gsub("\255\254", "[\254\255]", "%0%0")
print(n, string.byte(r, 1, -1))
r, n = string.gsub("xyz", "y", "\0")
print(n, string.byte(r, 1, -1))
