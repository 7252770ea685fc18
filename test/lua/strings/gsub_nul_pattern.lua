-- 5.1 patterns end at the first NUL: "\0" as a gsub pattern is the empty pattern
local r, n = string.gsub("ab", "\0", ".")
print(n, string.byte(r, 1, -1))
r, n = string.gsub("a\0b", "a\0", "X")
print(n, string.byte(r, 1, -1))
