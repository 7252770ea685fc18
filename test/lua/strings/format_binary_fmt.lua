-- the format string itself is binary safe
local s = string.format("a\0%d\0b", 7)
print(#s, string.byte(s, 1, -1))
s = string.format("\255%s\254", "x")
print(string.byte(s, 1, -1))
