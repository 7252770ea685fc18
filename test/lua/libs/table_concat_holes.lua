local t = {"a", "b", "c"}
t[5] = "e"
print(table.concat(t, ",", 1, 3))
print(pcall(function() local s = table.concat(t, ",", 1, 5) end))
print(table.concat(t, ",", 5, 5))
t[4] = "d"
print(table.concat(t, ",", 1, 5))
t[2] = nil
print(pcall(function() local s = table.concat(t, ",", 1, 5) end))
print(table.concat(t, ",", 3, 5))
