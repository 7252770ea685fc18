-- luajit-differs: luajit's %s keeps NUL bytes
-- sprintf stops a string at its first NUL (only short strings and precisions go through it)
print(#string.format("%s", "a\0b"))
print(#string.format("%5s", "a\0b"))
print(#string.format("%.2s", "a\0b"))
print(#string.format("x%sy", "\0"))
local long = string.rep("a\0", 60)
print(#string.format("%s", long))
print(#string.format("%.99s", long))
