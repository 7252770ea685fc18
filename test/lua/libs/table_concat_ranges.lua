local t = {"a", "b", "c", "d", "e"}
print(table.concat(t, "-", 1))
print(table.concat(t, "-", 2))
print(table.concat(t, "-", 5))
print("[" .. table.concat(t, "-", 6) .. "]")
print(table.concat(t, "-", 2, 4))
print(table.concat(t, "-", 3, 3))
print("[" .. table.concat(t, "-", 4, 3) .. "]")
print("[" .. table.concat(t, "-", 4, 2) .. "]")
print("[" .. table.concat(t, "-", 100, 1) .. "]")
print(table.concat(t, "-", 1, 5))
print(table.concat(t, "-", nil, 2))
print(table.concat(t, "-", 4, nil))
t[0] = "zero"
t[-1] = "minus"
print(table.concat(t, ",", 0))
print(table.concat(t, ",", -1, 1))
print(table.concat(t, ",", -1, -1))
