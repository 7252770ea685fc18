-- luajit-differs: luajit supports the 5.2 separator argument of string.rep
-- Lua 5.1's rep has no separator argument: the third argument is ignored
print(string.rep("ab", 3, ","))
print(string.rep("x", 2, nil))
