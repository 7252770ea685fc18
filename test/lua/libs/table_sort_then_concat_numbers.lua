local t = {3.5, -1, 2^40, 1/3, 100, -0.25, 1e-3, 7}
table.sort(t)
print(table.concat(t, " "))
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, ", "))
