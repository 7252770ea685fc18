-- luajit-differs: luajit's %q escapes control characters as \ddd
local s = "a\"b\\c\nd\re\0f\1g"
local q = string.format("%q", s)
print(q == '"a\\"b\\\\c\\\nd\\re\\000f\1g"')
print(#s, #q)
print(string.byte(q, 1, -1))
