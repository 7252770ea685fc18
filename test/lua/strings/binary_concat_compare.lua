local a = "x\0y"
local b = "x\0z"
print(a == b, a < b, #(a .. b))
print(("\0"):rep(3) == "\0\0\0")
print(string.byte(a .. "\255" .. b, 1, -1))
