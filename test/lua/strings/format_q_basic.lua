-- luajit-differs: luajit's %q escapes control characters as \ddd
print(string.format("%q", "hello"))
print(string.format("%q", 'say "hi"'))
print(string.format("%q", "back\\slash"))
print(string.format("%q", "line1\nline2"))
print(string.format("%q", ""))
print(string.format("%q", "tab\there"))
