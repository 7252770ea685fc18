-- luajit-differs: luajit supports the 5.2 class %g
-- an escaped non-alphanumeric character is literal; unknown letters match themselves
print(string.find("a.b", "%."))
print(string.find("a%b", "%%"))
print(string.find("ayb", "%y"))
print(string.find("a-b", "%-"))
print(string.find("a]b", "%]"))
print(string.find("agb", "%g"))
