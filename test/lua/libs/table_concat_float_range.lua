local t = {"a", "b", "c", "d", "e"}
print(table.concat(t, ",", 1.9))
print(table.concat(t, ",", 2.5, 4.99))
print(table.concat(t, ",", "2", "3"))
print(table.concat(t, ",", " 3 ", "0x4"))
print(pcall(function() local s = table.concat(t, ",", -0.5, 1.5) end))
print(table.concat(t, ",", 1.5, 2.5))
