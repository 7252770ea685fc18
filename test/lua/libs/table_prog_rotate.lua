local t = {1, 2, 3, 4, 5, 6, 7}
for i = 1, 3 do table.insert(t, 1, table.remove(t)) end
print(table.concat(t, " "))
for i = 1, 5 do table.insert(t, table.remove(t, 1)) end
print(table.concat(t, " "))
