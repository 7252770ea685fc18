-- luajit-differs: luajit's %q escapes control characters as \ddd
print(string.format("%q", "cr\rlf\n"))
print(string.byte(string.format("%q", "\0"), 1, -1))
print(string.byte(string.format("%q", "\1\2\27\127"), 1, -1))
print(string.format("%q", "a\0001"))
