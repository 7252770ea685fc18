local t = {"alpha", "beta", "gamma", "delta"}
print(table.concat(t, " <-> "))
print(table.concat(t, "\n"))
print(table.concat(t, "\t"))
print(table.concat(t, "..."))
local sep = table.concat({"=", "=", "="})
print(table.concat(t, sep, 2, 3))
