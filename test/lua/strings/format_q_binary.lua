-- luajit-differs: luajit's %q escapes control characters as \ddd
local q = string.format("%q", "\0\255\128a\"\\\n\r")
print(#q)
print(string.byte(q, 1, -1))
