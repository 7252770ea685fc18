local t = {}
print(select("#", table.insert(t, 1)))
print(select("#", table.insert(t, 1, 2)))
print(table.insert(t, 3))
print(#t)
