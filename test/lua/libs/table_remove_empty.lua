local t = {}
print(select("#", table.remove(t)))
print(select("#", table.remove(t, 1)))
print(select("#", table.remove(t, 0)))
print(select("#", table.remove(t, -1)))
print(select("#", table.remove(t, 5)))
print(table.remove(t))
print(#t)
