local names = { "byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match", "rep", "reverse", "sub", "upper" }
for _, n in ipairs(names) do print(n, type(string[n])) end
