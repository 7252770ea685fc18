print(pcall(table.sort, {1, "x"}))
print(pcall(table.sort, {3, 1, 2}))
print(pcall(table.sort, {3, 1, 2, 5, 4}, function(a, b) return true end))
