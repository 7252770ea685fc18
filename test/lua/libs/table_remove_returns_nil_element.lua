local t = {1, 2, 3}
t[2] = false
print(table.remove(t, 2))
print(t[1], t[2], t[3])
print(select("#", table.remove(t, 1)))
