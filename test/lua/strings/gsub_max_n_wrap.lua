-- luajit-differs: lua5.1 truncates the count to a 32-bit int through a 64-bit cast
print(string.gsub("aaa", "a", "b", 2^32 + 1))
print(string.gsub("aaa", "a", "b", 1e300))
print(string.gsub("aaa", "a", "b", 1 / 0))
