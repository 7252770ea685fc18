print(string.gsub("a", "a", "\\"))
print(string.gsub("a", "a", "\n"))
print(string.gsub("path/to/file", "/", "\\"))
print(string.gsub("a.b.c", "%.", "%%"))
